/**
 * The report's charts: horizontal bars of estimates with their 95% CIs as whiskers and each bar's target
 * as a dashed red mark, drawn as SVG and rasterized to PNG by resvg with the server's CJK font (Word and
 * WPS show PNG everywhere; LibreOffice too), so the pictures need no browser and look the same on every desk.
 */
import { Resvg } from '@resvg/resvg-js';
import { CHART_PALETTE as COLOUR } from '../../../analysis/exports/chartPalette';
import type { ChartBar } from '../../../analysis/indicators/families';

const PLOT_WIDTH = 400;
const ROW = 24;
const TOP = 40;
const FONT_FAMILY = 'Noto Sans CJK SC';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Pixels a label takes at 12px: a Chinese character about 12, a Latin one about 7. */
const labelPixels = (label: string) => [...label].reduce((width, character) => width + (/[\u2e80-\u9fff\uff00-\uffef]/.test(character) ? 12 : 7), 0);
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** The chart as SVG: a bar per estimate (none where there is no estimate), 0–100% axis, legend below. */
export function barChartSvg(title: string, bars: readonly ChartBar[]): { svg: string; width: number; height: number } {
  const LABEL_WIDTH = Math.max(80, ...bars.map((bar) => labelPixels(bar.label))) + 16;
  const WIDTH = LABEL_WIDTH + PLOT_WIDTH + 60;
  const x = (share: number) => LABEL_WIDTH + Math.max(0, Math.min(1, share)) * PLOT_WIDTH;
  const height = TOP + bars.length * ROW + 56;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FONT_FAMILY}">`,
    `<rect width="${WIDTH}" height="${height}" fill="${COLOUR.background}"/>`,
    `<text x="${WIDTH / 2}" y="22" font-size="15" font-weight="bold" text-anchor="middle">${escapeXml(title)}</text>`,
  ];
  for (let tick = 0; tick <= 100; tick += 20) {
    const at = x(tick / 100);
    parts.push(`<line x1="${at}" y1="${TOP - 4}" x2="${at}" y2="${TOP + bars.length * ROW}" stroke="${COLOUR.grid}"/>`);
    parts.push(`<text x="${at}" y="${TOP + bars.length * ROW + 16}" font-size="11" text-anchor="middle" fill="${COLOUR.secondaryText}">${tick}%</text>`);
  }
  bars.forEach((bar, k) => {
    const top = TOP + k * ROW;
    const middle = top + ROW / 2;
    parts.push(`<text x="${LABEL_WIDTH - 8}" y="${middle + 4}" font-size="12" text-anchor="end">${escapeXml(bar.label)}</text>`);
    if (bar.estimate === null) {
      parts.push(`<text x="${LABEL_WIDTH + 4}" y="${middle + 4}" font-size="11" fill="${COLOUR.noData}">无数据</text>`);
      return;
    }
    parts.push(`<rect x="${LABEL_WIDTH}" y="${top + 4}" width="${x(bar.estimate) - LABEL_WIDTH}" height="${ROW - 8}" fill="${COLOUR.estimate}"/>`);
    if (bar.ciLow !== null && bar.ciHigh !== null) {
      parts.push(`<line x1="${x(bar.ciLow)}" y1="${middle}" x2="${x(bar.ciHigh)}" y2="${middle}" stroke="${COLOUR.interval}" stroke-width="1.5"/>`);
      for (const end of [bar.ciLow, bar.ciHigh]) parts.push(`<line x1="${x(end)}" y1="${middle - 5}" x2="${x(end)}" y2="${middle + 5}" stroke="${COLOUR.interval}" stroke-width="1.5"/>`);
    }
    if (bar.target !== null) parts.push(`<line x1="${x(bar.target)}" y1="${top + 1}" x2="${x(bar.target)}" y2="${top + ROW - 1}" stroke="${COLOUR.target}" stroke-width="2" stroke-dasharray="3,2"/>`);
    const labelAt = Math.max(x(bar.ciHigh ?? bar.estimate), x(bar.estimate)) + 6;
    parts.push(`<text x="${Math.min(labelAt, WIDTH - 40)}" y="${middle + 4}" font-size="11">${percent(bar.estimate)}</text>`);
  });
  const legend = TOP + bars.length * ROW + 40;
  parts.push(`<rect x="${LABEL_WIDTH}" y="${legend - 9}" width="14" height="10" fill="${COLOUR.estimate}"/><text x="${LABEL_WIDTH + 18}" y="${legend}" font-size="11">估计值</text>`);
  parts.push(`<line x1="${LABEL_WIDTH + 80}" y1="${legend - 4}" x2="${LABEL_WIDTH + 104}" y2="${legend - 4}" stroke="${COLOUR.interval}" stroke-width="1.5"/><text x="${LABEL_WIDTH + 110}" y="${legend}" font-size="11">95%置信区间</text>`);
  if (bars.some((bar) => bar.target !== null)) {
    parts.push(`<line x1="${LABEL_WIDTH + 210}" y1="${legend - 10}" x2="${LABEL_WIDTH + 210}" y2="${legend + 2}" stroke="${COLOUR.target}" stroke-width="2" stroke-dasharray="3,2"/><text x="${LABEL_WIDTH + 218}" y="${legend}" font-size="11">目标值</text>`);
  }
  parts.push('</svg>');
  return { svg: parts.join(''), width: WIDTH, height };
}

/**
 * Rasterized charts by their SVG: resvg spends most of its time laying out CJK text (about 0.1 s per label
 * on a busy machine), and the same selection gives the same charts, so repeated downloads reuse them.
 */
const rendered = new Map<string, Buffer>();
const RENDERED_KEPT = 24;

/** PNG at twice the SVG's size (sharp in print), text in the given CJK font file. */
export function chartPng(title: string, bars: readonly ChartBar[], fontFile: string): { png: Buffer; width: number; height: number } {
  const { svg, width, height } = barChartSvg(title, bars);
  const key = `${fontFile}\n${svg}`;
  let png = rendered.get(key);
  if (!png) {
    png = new Resvg(svg, { fitTo: { mode: 'width', value: width * 2 }, font: { fontFiles: [fontFile], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY } }).render().asPng();
    if (rendered.size >= RENDERED_KEPT) rendered.delete(rendered.keys().next().value!);
    rendered.set(key, png);
  }
  return { png, width, height };
}

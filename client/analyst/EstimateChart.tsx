import { useRef } from 'react';
import { CHART_PALETTE as COLOUR } from '../../analysis/exports/chartPalette';
import type { ChartBar } from '../../analysis/indicators/families';

const ROW = 28;
const LEFT = 220;
const RIGHT = 70;
const WIDTH = 760;
const TOP = 40;
const AXIS = 30;
/** Characters of a row label that fit left of the plot at 12 px (the full label is the tooltip). */
const MAX_LABEL = 16;
const FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/**
 * Estimates as points with their 95% CI as error bars on a 0-100% axis, and each row's target as a red
 * line (the literacy target differs by region, so a target is drawn per row). Hand-written SVG: it
 * downloads as a file that opens anywhere, and the PNG is the same drawing rasterized.
 */
export function EstimateChart({ title, bars, fileName }: { title: string; bars: ChartBar[]; fileName: string }) {
  const svgRef = useRef<SVGSVGElement>(null);
  const height = TOP + bars.length * ROW + AXIS;
  const plotWidth = WIDTH - LEFT - RIGHT;
  const x = (value: number) => LEFT + Math.max(0, Math.min(1, value)) * plotWidth;
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  return (
    <figure className="chart">
      <svg ref={svgRef} xmlns="http://www.w3.org/2000/svg" width={WIDTH} height={height} viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={title} fontFamily={FONT}>
        <rect width={WIDTH} height={height} fill={COLOUR.background} />
        <text x={LEFT} y={22} fontSize={15} fontWeight="bold" fill={COLOUR.text}>
          {title}
        </text>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={x(tick)} x2={x(tick)} y1={TOP - 6} y2={height - AXIS} stroke={COLOUR.grid} />
            <text x={x(tick)} y={height - AXIS + 16} fontSize={11} textAnchor="middle" fill={COLOUR.secondaryText}>
              {Math.round(tick * 100)}%
            </text>
          </g>
        ))}
        {bars.map((bar, index) => {
          const y = TOP + index * ROW + ROW / 2;
          return (
            <g key={bar.label} className="chart-row">
              <text x={LEFT - 8} y={y + 4} fontSize={12} textAnchor="end" fill={COLOUR.text}>
                <title>{bar.label}</title>
                {bar.label.length > MAX_LABEL ? `${bar.label.slice(0, MAX_LABEL - 1)}…` : bar.label}
              </text>
              {bar.estimate !== null && (
                <>
                  <rect x={LEFT} y={y - 7} width={x(bar.estimate) - LEFT} height={14} fill={COLOUR.estimate} />
                  {bar.ciLow !== null && bar.ciHigh !== null && (
                    <g className="error-bar" stroke={COLOUR.interval} strokeWidth={1.5}>
                      <line x1={x(bar.ciLow)} x2={x(bar.ciHigh)} y1={y} y2={y} />
                      <line x1={x(bar.ciLow)} x2={x(bar.ciLow)} y1={y - 5} y2={y + 5} />
                      <line x1={x(bar.ciHigh)} x2={x(bar.ciHigh)} y1={y - 5} y2={y + 5} />
                    </g>
                  )}
                  <circle cx={x(bar.estimate)} cy={y} r={4} fill={COLOUR.interval} />
                  <text x={WIDTH - RIGHT + 8} y={y + 4} fontSize={11} fill={COLOUR.text}>
                    {(100 * bar.estimate).toFixed(1)}%
                  </text>
                </>
              )}
              {bar.estimate === null && (
                <text x={LEFT + 6} y={y + 4} fontSize={11} fill={COLOUR.noData}>
                  无数据 no data
                </text>
              )}
              {bar.target !== null && (
                <line className="target-line" x1={x(bar.target)} x2={x(bar.target)} y1={y - ROW / 2 + 1} y2={y + ROW / 2 - 1} stroke={COLOUR.target} strokeWidth={2} strokeDasharray="4 2">
                  <title>{`目标 target ${(100 * bar.target).toFixed(0)}%`}</title>
                </line>
              )}
            </g>
          );
        })}
        <g fontSize={11} fill={COLOUR.secondaryText}>
          <line x1={WIDTH - 250} x2={WIDTH - 235} y1={17} y2={17} stroke={COLOUR.target} strokeWidth={2} strokeDasharray="4 2" />
          <text x={WIDTH - 230} y={21}>
            目标
          </text>
          <line x1={WIDTH - 190} x2={WIDTH - 170} y1={17} y2={17} stroke={COLOUR.interval} strokeWidth={1.5} />
          <text x={WIDTH - 165} y={21}>
            95% 置信区间
          </text>
        </g>
      </svg>
      <figcaption>
        <button type="button" onClick={() => downloadSvg(svgRef.current, fileName)}>
          下载 SVG
        </button>
        <button type="button" onClick={() => void downloadPng(svgRef.current, fileName)}>
          下载 PNG
        </button>
      </figcaption>
    </figure>
  );
}

function svgBlob(svg: SVGSVGElement): Blob {
  return new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml;charset=utf-8' });
}

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function downloadSvg(svg: SVGSVGElement | null, fileName: string): void {
  if (svg) save(svgBlob(svg), `${fileName}.svg`);
}

/** The SVG drawn onto a canvas at twice its size, for slides and documents that take only pictures. */
async function downloadPng(svg: SVGSVGElement | null, fileName: string): Promise<void> {
  if (!svg) return;
  const url = URL.createObjectURL(svgBlob(svg));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = svg.width.baseVal.value * 2;
    canvas.height = svg.height.baseVal.value * 2;
    const context = canvas.getContext('2d')!;
    context.scale(2, 2);
    context.drawImage(image, 0, 0);
    const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (png) save(png, `${fileName}.png`);
  } finally {
    URL.revokeObjectURL(url);
  }
}

import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Connection } from 'mongoose';
import type { Writable } from 'node:stream';
import { problem } from '../../contracts/problems';
import { placeLine } from '../../analysis/domain/divisions';
import { getInstrument } from './instrumentVersions';
import { posterSites } from '../queries/samplingPoints';
import type { LinkDocument } from '../queries/links';
import { linkUrl } from './links';

/** Medium error correction survives a creased or slightly dirty poster without making the code dense. */
const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 2 } as const;

export function qrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { ...QR_OPTIONS, type: 'png', width: 600 });
}

export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { ...QR_OPTIONS, type: 'svg' });
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

/**
 * A self-contained A4 page (the QR code inline as SVG, no external files) that prints cleanly from any
 * browser: black on white, fixed millimetre layout, nothing but the poster on paper.
 */
export async function posterHtml({ link, siteName, placeName }: PosterPage, baseUrl: string): Promise<string> {
  const url = linkUrl(baseUrl, link.shortCode);
  const title = getInstrument(link.instrumentId, link.instrumentVersion)?.title['zh-cn'] ?? '流动人口健康调查';
  const until = link.expiresAt.toISOString().slice(0, 10);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(siteName)} · 扫码参加调查</title>
<style>
@page { size: A4 portrait; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; background: #fff; color: #000; font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
.poster { width: 210mm; height: 297mm; padding: 18mm 18mm 14mm; display: flex; flex-direction: column; align-items: center; text-align: center; page-break-after: always; }
h1 { font-size: 30pt; margin: 0 0 5mm; line-height: 1.25; }
.site { font-size: 20pt; margin: 0 0 6mm; border-bottom: 1.5pt solid #000; padding-bottom: 3mm; }
.purpose { font-size: 15pt; margin: 0 0 6mm; line-height: 1.5; }
.qr { width: 120mm; height: 120mm; }
.qr svg { width: 100%; height: 100%; }
.scan { font-size: 18pt; font-weight: bold; margin: 4mm 0 6mm; }
.facts { font-size: 13pt; line-height: 1.6; text-align: left; margin: 0; padding-left: 6mm; }
.url { margin-top: auto; font-size: 8pt; word-break: break-all; color: #333; }
@media screen { body { background: #ddd; } .poster { margin: 10mm auto; background: #fff; box-shadow: 0 0 4mm #999; } }
</style>
</head>
<body>
<main class="poster">
<h1>${escapeHtml(title)}</h1>
<p class="site">${escapeHtml(siteName)}<br><small>${escapeHtml(placeName)}</small></p>
<p class="purpose">了解流动人口对国家基本公共卫生服务的知晓、使用和满意情况，帮助改进您身边的健康服务。</p>
<div class="qr" role="img" aria-label="调查二维码">${await qrSvg(url)}</div>
<p class="scan">用手机扫码，自愿填写</p>
<ul class="facts">
<li>大约需要 15–20 分钟，可以中途保存、稍后继续。</li>
<li>匿名填写：不问姓名、电话或身份证号，答案只用于统计分析。</li>
<li>每部手机填写一次即可。有效期至 ${until}。</li>
</ul>
<p class="url">${escapeHtml(url)}</p>
</main>
</body>
</html>
`;
}

/**
 * Fonts with Chinese glyphs, looked for in this order unless POSTER_FONT names one: Debian/Ubuntu
 * (fonts-noto-cjk), Fedora (google-noto-sans-cjk-fonts), Alpine (font-noto-cjk), Windows (SimHei).
 * A .ttc collection needs the face's PostScript name, given after a `#`.
 */
export const POSTER_FONT_CANDIDATES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular',
  '/usr/share/fonts/noto/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular',
  'C:\\Windows\\Fonts\\simhei.ttf',
];

/** The font the posters embed (only the glyphs they use), or a 503 saying how to install one. */
export function posterFont(configured: string | undefined): { file: string; face?: string } {
  for (const candidate of configured ? [configured] : POSTER_FONT_CANDIDATES) {
    const [file, face] = candidate.split('#') as [string, string | undefined];
    if (fs.existsSync(file)) return { file, face };
  }
  throw problem('poster-font-missing', { configured });

}

export interface PosterPage {
  link: LinkDocument;
  siteName: string;
  /** Where the site is: 省 市 县区, by name. */
  placeName: string;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;

/**
 * One A4 page per link, in Chinese, the font embedded so it prints the same everywhere: the survey's title,
 * the site, what the survey is for, the QR code of the short URL (drawn as vector squares, sharp at any
 * size), how long it takes, the privacy promise, and the short URL in type large enough to copy by hand.
 */
export async function writePostersPdf(output: Writable, pages: PosterPage[], baseUrl: string, font: { file: string; face?: string }): Promise<void> {
  const document = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, info: { Title: '调查海报 Survey posters', Creator: 'migrant-health-survey' } });
  document.registerFont('cjk', font.file, font.face);
  const done = new Promise<void>((resolve, reject) => {
    output.once('finish', resolve);
    output.once('close', resolve);
    document.once('error', reject);
  });
  document.pipe(output);
  for (const page of pages) drawPoster(document, page, baseUrl);
  document.end();
  await done;
}

function drawPoster(document: PDFKit.PDFDocument, { link, siteName, placeName }: PosterPage, baseUrl: string): void {
  const url = linkUrl(baseUrl, link.shortCode);
  const title = getInstrument(link.instrumentId, link.instrumentVersion)?.title['zh-cn'] ?? '流动人口健康调查';
  const width = A4.width - 2 * MARGIN;
  document.addPage({ size: 'A4', margin: 0 });
  document.font('cjk').fillColor('#000');
  document.fontSize(22).text(title, MARGIN, 60, { width, align: 'center' });
  document.moveDown(0.4).fontSize(22).text(siteName, { width, align: 'center' });
  document.fontSize(13).text(placeName, { width, align: 'center' });
  const ruleY = document.y + 8;
  document.moveTo(MARGIN, ruleY).lineTo(A4.width - MARGIN, ruleY).lineWidth(1.2).stroke();
  document.fontSize(13).text('了解流动人口对国家基本公共卫生服务的知晓、使用和满意情况，帮助改进您身边的健康服务。', MARGIN, ruleY + 14, { width, align: 'center', lineGap: 4 });
  const qrSize = 290;
  const qrTop = document.y + 18;
  drawQr(document, url, (A4.width - qrSize) / 2, qrTop, qrSize);
  document.fontSize(20).text('用手机扫码，自愿填写', MARGIN, qrTop + qrSize + 14, { width, align: 'center' });
  document.moveDown(0.6).fontSize(12);
  for (const fact of ['大约需要 15–20 分钟，可以中途保存、稍后继续。', '匿名填写：不问姓名、电话或身份证号，答案只用于统计分析。', `每部手机填写一次即可。有效期至 ${link.expiresAt.toISOString().slice(0, 10)}。`]) {
    document.text(`• ${fact}`, MARGIN + 30, document.y, { width: width - 60, lineGap: 3 });
  }
  document.fontSize(11).text('无法扫码？在浏览器中输入：', MARGIN, A4.height - 110, { width, align: 'center' });
  document.fontSize(18).text(url, MARGIN, A4.height - 90, { width, align: 'center' });
}

/** The QR code's dark modules as filled squares (the quiet zone is the white page around them). */
function drawQr(document: PDFKit.PDFDocument, url: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: QR_OPTIONS.errorCorrectionLevel });
  const cell = size / modules.size;
  for (let row = 0; row < modules.size; row += 1) {
    for (let column = 0; column < modules.size; column += 1) if (modules.get(row, column)) document.rect(x + column * cell, y + row * cell, cell + 0.05, cell + 0.05);
  }
  document.fill('#000');
}

/** The open links to print: the given ids (each must exist), or every open link. */
export async function posterPages(connection: Connection, links: LinkDocument[]): Promise<PosterPage[]> {
  const sites = new Map((await posterSites(connection)).map((site) => [site.siteCode, site]));
  return links.map((link) => {
    const site = sites.get(link.samplingPoint);
    return { link, siteName: site?.siteName ?? link.samplingPoint, placeName: site ? placeLine(site) : '' };
  });
}

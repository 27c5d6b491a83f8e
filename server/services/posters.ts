import JSZip from 'jszip';
import QRCode from 'qrcode';
import type { Connection } from 'mongoose';
import { getInstrument } from '../../surveys/catalog';
import { modelsOf } from '../models';
import type { LinkDocument } from '../models/link';
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
export async function posterHtml(link: LinkDocument, siteName: string, baseUrl: string): Promise<string> {
  const url = linkUrl(baseUrl, link.token);
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
<p class="site">${escapeHtml(siteName)}</p>
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

/** Every open link's poster as one zip, a file per site, ready to send to a print shop. */
export async function allPostersZip(connection: Connection, links: LinkDocument[], baseUrl: string): Promise<Buffer> {
  const { SamplingPoint } = modelsOf(connection);
  const sites = new Map((await SamplingPoint.find({}, { siteCode: 1, siteName: 1 }).lean()).map((site) => [site.siteCode, site.siteName]));
  const zip = new JSZip();
  for (const link of links) {
    const siteName = sites.get(link.samplingPoint) ?? link.samplingPoint;
    zip.file(`poster-${link.samplingPoint}-${link.linkId.slice(0, 8)}.html`, await posterHtml(link, siteName, baseUrl));
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

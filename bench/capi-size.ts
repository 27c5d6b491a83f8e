/**
 * How much JavaScript the /capi page loads before it can show anything: the scripts and module preloads
 * its built HTML names (not the questionnaire runtime, loaded when the first interview opens), gzipped
 * at level 9 as a server would send them. Run `npm run build:client` first.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { clientDistDir } from '../server/app';

const html = readFileSync(path.join(clientDistDir, 'capi/index.html'), 'utf8');
const scripts = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((match) => match[1]!);
if (scripts.length === 0) throw new Error('dist/client/capi/index.html names no scripts: run npm run build:client');

const size = (file: string) => {
  const bytes = readFileSync(path.join(clientDistDir, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const first = scripts.map(size);
const lazy = readFileSync(path.join(clientDistDir, 'capi/sw.js'), 'utf8')
  .match(/\/assets\/[^"`]+\.js/g)!
  .filter((file) => !scripts.includes(file))
  .map(size);

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const total = (files: { raw: number; gzip: number }[]) => files.reduce((sum, file) => ({ raw: sum.raw + file.raw, gzip: sum.gzip + file.gzip }), { raw: 0, gzip: 0 });
for (const file of first) console.log(`first load  ${file.file}: ${kB(file.raw)} raw, ${kB(file.gzip)} gzip`);
for (const file of lazy) console.log(`on first interview  ${file.file}: ${kB(file.raw)} raw, ${kB(file.gzip)} gzip`);
console.log(`JS /capi loads first: ${kB(total(first).gzip)} gzip (${kB(total(first).raw)} raw); questionnaire runtime loaded with the first interview: ${kB(total(lazy).gzip)} gzip`);

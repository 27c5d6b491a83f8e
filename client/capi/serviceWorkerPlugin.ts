import path from 'node:path';
import type { OutputBundle, OutputChunk } from 'rolldown';
import type { Plugin } from 'vite';

const SW_SOURCE = path.resolve(path.dirname(new URL(import.meta.url).pathname), 'sw.ts');
export const SW_FILE = 'capi/sw.js';
const HTML_FILE = 'capi/index.html';
/** What sw.ts declares and this plugin replaces with the build's list of files. */
const PLACEHOLDER = '__CAPI_PRECACHE__';

/**
 * Builds the CAPI service worker (client/capi/sw.ts) to a fixed address, /capi/sw.js, and writes into it
 * the list of files the /capi page needs (its HTML, scripts, styles, and their assets), so every new build
 * is a new service worker that precaches exactly that build's app shell.
 */
export function capiServiceWorker(): Plugin {
  return {
    name: 'capi-service-worker',
    apply: 'build',
    enforce: 'post',
    buildStart() {
      this.emitFile({ type: 'chunk', id: SW_SOURCE, fileName: SW_FILE });
    },
    generateBundle(_options, bundle) {
      const worker = bundle[SW_FILE];
      if (!worker || worker.type !== 'chunk') throw new Error(`${SW_FILE} was not built`);
      if (!worker.code.includes(PLACEHOLDER)) throw new Error(`${SW_FILE} does not contain ${PLACEHOLDER}`);
      const files = ['/capi/', ...appShell(bundle).map((file) => `/${file}`)];
      worker.code = worker.code.replaceAll(PLACEHOLDER, JSON.stringify(files));
    },
  };
}

/** The capi entry's chunks, their static imports, and the CSS and assets they use. */
function appShell(bundle: OutputBundle): string[] {
  const entry = Object.values(bundle).find((file): file is OutputChunk => file.type === 'chunk' && file.isEntry && (file.facadeModuleId ?? '').endsWith(HTML_FILE));
  if (!entry) throw new Error(`No entry chunk for ${HTML_FILE}`);
  const files = new Set<string>();
  const visit = (fileName: string): void => {
    if (files.has(fileName)) return;
    files.add(fileName);
    const chunk = bundle[fileName];
    if (chunk?.type !== 'chunk') return;
    [...chunk.imports, ...chunk.dynamicImports].forEach(visit);
    const meta = (chunk as OutputChunk & { viteMetadata?: { importedCss: Set<string>; importedAssets: Set<string> } }).viteMetadata;
    meta?.importedCss.forEach((css) => files.add(css));
    meta?.importedAssets.forEach((asset) => files.add(asset));
  };
  visit(entry.fileName);
  return [...files].sort();
}

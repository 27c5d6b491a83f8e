import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { constants } from 'node:zlib';
import { capiServiceWorker } from './capi/serviceWorkerPlugin';

const clientDir = path.dirname(fileURLToPath(import.meta.url));

/** One HTML entry per app, so each page loads only its own code. */
export default defineConfig({
  root: clientDir,
  plugins: [
    react(),
    capiServiceWorker(),
    // Compressed once at build time at the strongest settings (brotli 11 is about 20% smaller than the gzip
    // a server compresses with on the fly): the phone on a weak signal downloads the SurveyJS runtime faster.
    compression({
      include: /\.(js|css|svg)$/,
      algorithms: [defineAlgorithm('brotliCompress', { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }), defineAlgorithm('gzip', { level: 9 })],
      logLevel: 'silent',
    }),
  ],
  build: {
    outDir: path.resolve(clientDir, '../dist/client'),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        home: path.resolve(clientDir, 'index.html'),
        capi: path.resolve(clientDir, 'capi/index.html'),
        respond: path.resolve(clientDir, 'respond/index.html'),
        analyst: path.resolve(clientDir, 'analyst/index.html'),
        admin: path.resolve(clientDir, 'admin/index.html'),
      },
    },
  },
});

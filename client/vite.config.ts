import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { capiServiceWorker } from './capi/serviceWorkerPlugin';

const clientDir = path.dirname(fileURLToPath(import.meta.url));

/** One HTML entry per app, so each page loads only its own code. */
export default defineConfig({
  root: clientDir,
  plugins: [react(), capiServiceWorker()],
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

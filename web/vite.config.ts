/**
 * Vite build of the web app: `vite build --config web/vite.config.ts` writes `<repo>/dist/web`,
 * which `vigil serve` serves at `/`. In development (`vite --config web/vite.config.ts`) API
 * calls are proxied to a running `vigil serve` on port 8080. Nothing is loaded from a CDN.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});

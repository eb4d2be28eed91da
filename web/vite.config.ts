import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The web app at `/`: built into web/dist, which every api process serves (src/http/web/web-app.ts). */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  // Preact's automatic JSX runtime: components are plain functions returning JSX.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The bundle is small; one file per kind keeps the page to three requests.
    assetsInlineLimit: 0,
  },
  logLevel: 'warn',
});

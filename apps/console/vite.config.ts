// Builds the console (a static single-page app the gateway serves at /) into dist/console.
// Hashed file names under assets/ let the gateway cache them for a year; index.html stays
// uncached. No inline script anywhere (the CSP is script-src 'self'): Vite's module preload
// polyfill would be inlined into index.html, so it is off (every browser the console supports
// has modulepreload). Sourcemaps only in development builds: production ships no source.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig(({ mode }) => ({
  root: here,
  base: '/',
  plugins: [react()],
  resolve: {
    alias: [{ find: /^@pt\/contracts(\/.*)?$/, replacement: `${repo}libs/contracts/src$1` }],
  },
  build: {
    outDir: `${repo}dist/console`,
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: mode !== 'production',
    modulePreload: { polyfill: false },
    // Inlining small assets as data: URLs would need img-src data: in the CSP.
    assetsInlineLimit: 0,
    target: 'es2022',
  },
  server: {
    // `npx vite apps/console` (or `vite preview`) during development: the API is the local
    // gateway's (CONSOLE_API to use another; its ALLOWED_ORIGINS must list this server).
    proxy: { '/api': process.env.CONSOLE_API ?? 'http://127.0.0.1:3000' },
  },
}));

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The citizen phone site (掌上办), served by the server at /m/. No UI library: hand-written
// components keep the first load far under the 200 KB (gzip) budget for old phones.
const root = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env.MINZHENG_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  base: '/m/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2019',
  },
  server: { host: '127.0.0.1', proxy: { '/api': { target: apiTarget, changeOrigin: false } } },
});

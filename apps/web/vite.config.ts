import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { mockApi } from './dev/mock-api';

const root = fileURLToPath(new URL('.', import.meta.url));
// `MINZHENG_API` points the dev proxy at another server; `MINZHENG_MOCK=1` serves the
// in-memory contract mock instead, so the console can be worked on without a backend.
const apiTarget = process.env.MINZHENG_API ?? 'http://127.0.0.1:8080';
const useMock = process.env.MINZHENG_MOCK === '1';

export default defineConfig({
  root,
  base: '/console/',
  plugins: [react(), ...(useMock ? [mockApi()] : [])],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    proxy: useMock ? undefined : { '/api': { target: apiTarget, changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: apiTarget } },
  },
});

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The client lives in client/; the server serves the build from dist/client.
export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/collab': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
});

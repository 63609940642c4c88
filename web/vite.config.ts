import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// The server (echri serve --web dist) takes any file under assets/ whose name carries a hash as
// immutable, so every emitted asset keeps Vite's NAME-HASH.EXT layout.
export default defineConfig({
  plugins: [preact()],
  build: {
    manifest: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  css: {
    preprocessorOptions: {
      scss: { loadPaths: ['node_modules'], quietDeps: true, silenceDeprecations: ['import'] },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' } },
});

import { defineConfig } from 'vite';

// The renderer only. base './' because the app serves it from app://tvaerblik/.
export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: false,
    target: 'chrome130',
    rollupOptions: {
      // TanStack Query marks its React modules "use client" for server-rendering frameworks; this
      // renderer is client-only, so dropping the directive changes nothing.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});

import { defineConfig } from 'vite';

// The renderer only. base './' because the app serves it from app://tvaerblik/.
export default defineConfig({
  root: 'renderer',
  base: './',
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: false, target: 'chrome130' },
});

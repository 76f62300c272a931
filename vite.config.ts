import { defineConfig, type Plugin } from 'vite';

/**
 * react-aria ships its own words (screen-reader announcements, a dialog's "Dismiss") in 34
 * languages. The app tells it the language (da-DK or en-GB, renderer/main.tsx), so only the
 * Danish and English tables are ever read; the others are left out of the bundle.
 */
function reactAriaLocales(): Plugin {
  const locale = /[\\/]react-aria(-components)?[\\/]dist[\\/]private[\\/]intl[\\/](?:[^\\/]+[\\/])?([a-z]{2}-[A-Z]{2})\.m?js$/;
  return {
    name: 'react-aria-locales',
    enforce: 'pre',
    load(id) {
      const m = locale.exec(id);
      if (m && m[2] !== 'da-DK' && m[2] !== 'en-US') return 'export default {};';
      return null;
    },
  };
}

// The renderer only. base './' because the app serves it from app://tvaerblik/.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [reactAriaLocales()],
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

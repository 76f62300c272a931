// Builds the app: the main process, the preload and the CLI with esbuild; the renderer with Vite.
// Runtime packages (sql.js with its WebAssembly, age-encryption, zod) stay in node_modules and are
// packaged by electron-builder, so no binary asset is copied around.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { rm } from 'node:fs/promises';

// pdfmake reads its Roboto font files from its own folder at runtime; exceljs is large and CommonJS.
const external = ['electron', 'sql.js', 'age-encryption', 'zod', 'fflate', '@scure/base', 'pdfmake', 'exceljs'];
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: false, external, logLevel: 'warning' };

await rm('dist', { recursive: true, force: true });
await Promise.all([
  build({ ...common, entryPoints: ['electron/shell/main.ts'], outfile: 'dist/electron/main.mjs', format: 'esm' }),
  // A sandboxed preload cannot be an ES module.
  build({ ...common, entryPoints: ['electron/shell/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs' }),
  build({ ...common, entryPoints: ['electron/cli/run.ts'], outfile: 'dist/cli/tvaerblik.mjs', format: 'esm' }),
  // The browser preview (npm run preview): the renderer over the real engine, for machines without Electron.
  build({ ...common, entryPoints: ['electron/browser/preview.ts'], outfile: 'dist/browser/preview.mjs', format: 'esm' }),
  // The extract worker (untrusted input is parsed there), beside each bundle that starts it. Bundled
  // whole (fflate included) and as CommonJS, so it resolves no module, not even from inside app.asar.
  ...['dist/electron', 'dist/cli', 'dist/browser'].map((dir) =>
    build({ ...common, external: [], entryPoints: ['electron/engine/import/extract-worker.ts'], outfile: `${dir}/extract-worker.cjs`, format: 'cjs' }),
  ),
]);
await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });

#!/usr/bin/env node
// Launcher for the `tvaerblik` command: runs the built CLI bundle.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli/tvaerblik.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('tvaerblik: the CLI is not built yet; run `npm run build` first.\n');
  process.exit(2);
}
await import(pathToFileURL(bundle).href);

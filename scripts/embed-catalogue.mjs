// Embeds assets/catalogue/services.csv (the editable source of truth) as a TypeScript string, so
// every loader (esbuild, Vite, Playwright) can bundle it. A unit test fails if the two differ.
import { readFile, writeFile } from 'node:fs/promises';

const csv = await readFile('assets/catalogue/services.csv', 'utf8');
await writeFile(
  'electron/engine/catalogue/catalogue-data.ts',
  `// Generated from assets/catalogue/services.csv by scripts/embed-catalogue.mjs. Edit the CSV, then rerun.\nexport const CATALOGUE_CSV = ${JSON.stringify(csv)};\n`,
);

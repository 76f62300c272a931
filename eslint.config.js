// Lint rules, including the layering rules that keep the architecture visible:
//   shared/   runs anywhere: no Node, DOM, React or Electron
//   electron/ engine code is plain Node and never imports electron; only electron/shell/ does
//   renderer/ no Node, no engine: only the contract in shared/
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'https', 'url', 'stream', 'zlib', 'worker_threads', 'module', 'process', 'buffer', 'util'];
const pattern = (group, message) => ({ group, message });

/**
 * The engine's domains and the other domains each may import. Every domain may import base/
 * (database, crypto, files, errors, the access log, operations) and shared/; the composition
 * root (engine.ts, handlers.ts, schema.ts) may import them all. A new domain adds one line.
 */
export const DOMAINS = {
  session: ['users'],
  users: [],
  unit: [],
  audit: [],
  import: ['catalogue'],
  catalogue: [],
  screening: ['catalogue', 'import'],
  runs: ['screening'],
  candidates: ['runs', 'screening'],
  rounds: ['runs', 'screening'],
  packets: ['rounds', 'import'],
  consent: ['packets', 'rounds'],
  operations: [],
  demo: ['import', 'users', 'catalogue'],
};

/** How import-x finds and reads the app's TypeScript modules (no extension in import paths). */
const importSettings = {
  'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs'] })],
  'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
  'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
};

const domainWalls = {
  files: ['electron/engine/**/*.ts'],
  plugins: { 'import-x': importX },
  settings: importSettings,
  rules: {
    'import-x/no-restricted-paths': [
      'error',
      {
        zones: [
          {
            target: './electron/engine/base',
            from: './electron/engine',
            except: ['./base'],
            message: 'base/ stands under every domain and imports none of them.',
          },
          ...Object.entries(DOMAINS).map(([domain, deps]) => ({
            target: `./electron/engine/${domain}`,
            from: './electron/engine',
            except: ['./base', `./${domain}`, ...deps.map((d) => `./${d}`)],
            message: `The ${domain} domain imports base/ and only the domains it declares in eslint.config.js (${deps.join(', ') || 'none'}).`,
          })),
        ],
      },
    ],
  },
};

/** No import cycles anywhere in the app's code: a cycle makes two modules one in disguise. */
const noCycles = {
  files: ['shared/**/*.ts', 'electron/**/*.ts', 'renderer/**/*.{ts,tsx}'],
  plugins: { 'import-x': importX },
  settings: importSettings,
  rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
};

export const layering = [
  domainWalls,
  noCycles,
  {
    files: ['shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(NODE_BUILTINS, 'shared/ runs anywhere: no Node built-ins.'),
            pattern(['electron', 'react', 'react-dom', 'react/*', 'react-dom/*', 'zustand', '@tanstack/*', 'sql.js', 'age-encryption'], 'shared/ runs anywhere: no platform or UI library.'),
            pattern(['**/electron/**', '**/renderer/**', '../electron/*', '../renderer/*'], 'shared/ depends on nothing of the app.'),
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/shell/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['electron', 'electron/*'], 'Engine code is plain Node: only electron/shell/ may import electron.'),
            pattern(['**/renderer/**', 'react', 'react-dom', 'zustand', '@tanstack/*'], 'The engine does not know the UI.'),
            pattern(['**/shell/**'], 'The engine does not depend on the Electron shell.'),
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(NODE_BUILTINS, 'The renderer has no Node.'),
            pattern(['electron', 'electron/*', 'sql.js', 'age-encryption'], 'The renderer reaches the engine only through window.tvaerblik.'),
            pattern(['**/electron/**'], 'The renderer imports only the contract in shared/, never engine code.'),
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer'],
    },
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'error',
    },
  },
  // The benchmark's job is to print.
  { files: ['test/bench/**/*.ts'], rules: { 'no-console': 'off' } },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  ...layering,
);

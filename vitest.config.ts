import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
    // Lets memory tests collect garbage before measuring, so their figures are not noise.
    execArgv: ['--expose-gc'],
  },
});

import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests run the real renderer in Debian's Chromium (no browser download) through
 * the test bridge; the Electron smoke test launches the real app where an Electron binary exists.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [['list']],
  projects: [
    {
      name: 'chromium',
      testDir: 'test/e2e',
      use: {
        // Chromium's own controls in Danish, as the Electron shell sets them (--lang).
        launchOptions: {
          executablePath: CHROMIUM,
          // Without these, Chromium keeps trying to reach Google's services from a closed network.
          args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=da'],
        },
      },
    },
    { name: 'electron', testDir: 'test/electron' },
  ],
});

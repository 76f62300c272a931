/**
 * `window.tvaerblik`, the one global the renderer relies on. The host installs it before the page
 * runs: electron/shell/preload.ts in the app, test/e2e/bridge.ts under Playwright. A declaration
 * file, so the tests that install it or call it in the page see this same declaration.
 */
import type { TvaerblikApi } from '../../shared/api';

declare global {
  interface Window {
    tvaerblik: TvaerblikApi<File>;
  }
}

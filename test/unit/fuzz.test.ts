/** Whatever a compromised renderer sends, the engine answers with a typed result and keeps working. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { methods } from '../../shared/contract';
import { ERROR_CODES } from '../../shared/errors';
import { call, withWorkspace } from '../support/engine';

describe('fuzzed calls', () => {
  it('get only ok results or errors with a known code, logged in or not', async () => {
    const { engine } = await withWorkspace();
    const names = [...Object.keys(methods).filter((m) => !['session.logout', 'session.lock', 'workspace.createDemo'].includes(m)), '__proto__', 'constructor', 'toString', ''];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.anything({ withObjectString: true, withNullPrototype: true }), async (method, input) => {
        const r = await engine.invoke(method, input);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) {
          expect(ERROR_CODES).toContain(r.error.code);
          expect(r.error.code).not.toBe('INTERNAL');
        }
      }),
      { numRuns: 300 },
    );
    // still alive and consistent afterwards
    expect((await call(engine, 'users.list', {})).length).toBeGreaterThanOrEqual(1);
    expect((await call(engine, 'app.status', {})).session?.username).toBe('anna.admin');
  });
});

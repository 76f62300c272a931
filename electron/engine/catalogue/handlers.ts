/** The service catalogue: read by every role, changed by administrators. */
import { EngineError } from '../base/errors';
import type { Ctx, Handlers } from '../base/context';
import { loadCatalogue } from './catalogue';
import { normaliseCode } from '../../../shared/codes';

function catalogueEntry(ctx: Ctx, code: string) {
  const e = loadCatalogue(ctx.session().ws.db).find((c) => normaliseCode(c.code) === normaliseCode(code));
  if (!e) throw new EngineError('VALIDATION', `No service with code ${code}`, { issues: [{ path: 'code', message: 'unknown' }] });
  const { id: _id, ...rest } = e;
  return rest;
}

export const catalogueHandlers = {
  'catalogue.list': async (ctx) => loadCatalogue(ctx.session().ws.db).map(({ id: _id, ...e }) => e),

  'catalogue.update': async (ctx, input) => {
    const { db } = ctx.session().ws;
    const before = catalogueEntry(ctx, input.code);
    ctx.subject('catalogue', `${before.code}${input.excluded !== undefined ? ` excluded=${input.excluded}` : ''}${input.universal !== undefined ? ` universal=${input.universal}` : ''}`);
    if (input.excluded !== undefined) db.run('UPDATE catalogue SET excluded = ? WHERE code = ?', [Number(input.excluded), before.code]);
    if (input.universal !== undefined) db.run('UPDATE catalogue SET universal = ? WHERE code = ?', [Number(input.universal), before.code]);
    return catalogueEntry(ctx, before.code);
  },
} satisfies Partial<Handlers>;

/** The unit's settings and the public key source systems encrypt their extracts to. */
import { getMeta, setMeta } from '../base/database';
import type { Handlers } from '../base/context';
import { unitOf } from '../base/workspace/store';

export const unitHandlers = {
  'settings.get': async (ctx) => ({ idleMinutes: Number(getMeta(ctx.session().ws.db, 'idle_minutes') ?? 15) }),

  'settings.update': async (ctx, input) => {
    ctx.subject('workspace', `idleMinutes=${input.idleMinutes}`);
    setMeta(ctx.session().ws.db, 'idle_minutes', String(input.idleMinutes));
    return { idleMinutes: input.idleMinutes };
  },

  'unit.recipient': async (ctx) => {
    const { ws } = ctx.session();
    return { recipient: getMeta(ws.db, 'unit_recipient') ?? '', unitName: unitOf(ws).name };
  },
} satisfies Partial<Handlers>;

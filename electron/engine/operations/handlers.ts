/** Cancelling a long operation by the id its caller gave it. */
import type { Handlers } from '../base/context';

export const operationsHandlers = {
  'operations.cancel': async (ctx, input) => ({ cancelled: ctx.state.operations.cancel(input.id) }),
} satisfies Partial<Handlers>;

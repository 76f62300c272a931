/** The engine's handler table. `satisfies Handlers` makes the compiler check it against the contract. */
import { auditHandlers } from './audit-handlers';
import { demoHandlers } from './demo-handlers';
import { importHandlers } from './import-handlers';
import type { Handlers } from './context';
import { screeningHandlers } from './screening-handlers';
import { sessionHandlers } from './session-handlers';
import { userHandlers } from './user-handlers';

export const handlers = { ...sessionHandlers, ...userHandlers, ...auditHandlers, ...importHandlers, ...demoHandlers, ...screeningHandlers } satisfies Handlers;

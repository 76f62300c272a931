/**
 * The engine's handler table, merged from one table per domain. `satisfies Handlers` makes the
 * compiler check it against the contract: a method without a handler does not compile.
 */
import { auditHandlers } from './audit/handlers';
import type { Handlers } from './base/context';
import { candidatesHandlers } from './candidates/handlers';
import { catalogueHandlers } from './catalogue/handlers';
import { consentHandlers } from './consent/handlers';
import { demoHandlers } from './demo/handlers';
import { importHandlers } from './import/handlers';
import { operationsHandlers } from './operations/handlers';
import { packetsHandlers } from './packets/handlers';
import { roundsHandlers } from './rounds/handlers';
import { runsHandlers } from './runs/handlers';
import { screeningHandlers } from './screening/handlers';
import { sessionHandlers } from './session/handlers';
import { unitHandlers } from './unit/handlers';
import { userHandlers } from './users/handlers';

export const handlers = {
  ...sessionHandlers,
  ...userHandlers,
  ...unitHandlers,
  ...auditHandlers,
  ...importHandlers,
  ...catalogueHandlers,
  ...demoHandlers,
  ...screeningHandlers,
  ...runsHandlers,
  ...candidatesHandlers,
  ...roundsHandlers,
  ...packetsHandlers,
  ...consentHandlers,
  ...operationsHandlers,
} satisfies Handlers;

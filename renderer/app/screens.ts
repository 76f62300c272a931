/**
 * The screen registry: every work screen with its id, its label in the navigation, its component
 * and the contract methods it needs. A screen is in the navigation and can be opened exactly when
 * the user's roles may call every method in `needs` (the contract's `canCall`, which the engine
 * enforces too). `optional` names methods a screen calls only behind `can(...)`, for controls some
 * of its users lack. test/unit/permissions.test.ts checks both lists against the code the screen
 * runs. A new screen adds its feature folder and one line here.
 */
import type { ComponentType } from 'react';
import { canCall, type MethodName } from '../../shared/contract';
import type { Role } from '../../shared/roles';
import { AuditScreen } from '../features/audit/AuditScreen';
import { CatalogueScreen } from '../features/catalogue/CatalogueScreen';
import { HomeScreen } from '../features/home/HomeScreen';
import { ImportScreen } from '../features/import/ImportScreen';
import { ApprovalScreen } from '../features/rounds/ApprovalScreen';
import { AssessmentScreen } from '../features/assessment/AssessmentScreen';
import { ConsentScreen } from '../features/consent/ConsentScreen';
import { RecipientsScreen } from '../features/recipients/RecipientsScreen';
import { ReviewScreen } from '../features/rounds/ReviewScreen';
import { RunsScreen } from '../features/runs/RunsScreen';
import { ScreeningScreen } from '../features/screening/ScreeningScreen';
import { UnitKeyScreen } from '../features/unit/UnitKeyScreen';
import { UsersScreen } from '../features/users/UsersScreen';
import type { MessageKey } from '../i18n';

/** Where a screen sits in the sidebar: the start page, the round's steps in order, setting up, oversight. */
export type ScreenGroup = 'start' | 'round' | 'setup' | 'oversight';

export interface Screen {
  id: string;
  label: MessageKey;
  group: ScreenGroup;
  component: ComponentType;
  needs: readonly MethodName[];
  optional?: readonly MethodName[];
}

/** In navigation order. The first is the start screen, open to every logged-in user. */
export const SCREENS = [
  { id: 'home', label: 'nav.home', group: 'start', component: HomeScreen, needs: [], optional: ['rounds.list', 'consent.askAgain', 'packets.waiting', 'audit.integrity'] },
  { id: 'import', label: 'nav.import', group: 'round', component: ImportScreen, needs: ['import.file', 'import.files', 'import.snapshots', 'import.receipts', 'operations.cancel', 'users.names'] },
  { id: 'screening', label: 'nav.screening', group: 'round', component: ScreeningScreen, needs: ['screening.preview', 'screening.evaluate', 'criteria.list', 'criteria.save', 'runs.create', 'catalogue.list'] },
  { id: 'runs', label: 'nav.runs', group: 'round', component: RunsScreen, needs: ['runs.list', 'runs.get', 'runs.compare', 'candidates.reveal', 'users.names'] },
  { id: 'review', label: 'nav.review', group: 'round', component: ReviewScreen, needs: ['rounds.list', 'runs.list', 'rounds.create', 'rounds.get', 'rounds.decide', 'rounds.submit', 'candidates.reveal', 'candidates.detail', 'users.names'] },
  { id: 'approval', label: 'nav.approval', group: 'round', component: ApprovalScreen, needs: ['rounds.list', 'rounds.get', 'rounds.diff', 'criteria.list', 'rounds.approve', 'rounds.return', 'candidates.reveal', 'candidates.detail', 'users.names'] },
  // Sending and receiving are the screeners'; supervisors follow the state, so those calls are optional.
  { id: 'assessment', label: 'nav.assessment', group: 'round', component: AssessmentScreen, needs: ['rounds.list', 'packets.status', 'operations.cancel'], optional: ['recipients.list', 'packets.export', 'packets.importAnswers', 'packets.decideUnsure', 'consent.askAgain'] },
  // Contact, letters, notices and overviews are the screeners'; supervisors follow the register.
  { id: 'consent', label: 'nav.consent', group: 'round', component: ConsentScreen, needs: ['rounds.list', 'consent.list', 'users.names'], optional: ['notices.export', 'consent.record', 'consent.letter', 'overview.export', 'operations.cancel', 'consent.askAgain'] },
  { id: 'users', label: 'nav.users', group: 'setup', component: UsersScreen, needs: ['users.list', 'users.add', 'users.unlock', 'users.disable', 'users.resetPassphrase', 'audit.securityEvents', 'users.grants', 'users.approveGrant', 'users.declineGrant', 'users.names'] },
  { id: 'catalogue', label: 'nav.catalogue', group: 'setup', component: CatalogueScreen, needs: ['catalogue.list'], optional: ['catalogue.update'] },
  { id: 'unit', label: 'nav.unit', group: 'setup', component: UnitKeyScreen, needs: ['unit.recipient'] },
  { id: 'recipients', label: 'nav.recipients', group: 'setup', component: RecipientsScreen, needs: ['recipients.list', 'recipients.register', 'recipients.remove', 'users.names'], optional: ['packets.plainAnswers', 'packets.setPlainAnswers'] },
  { id: 'audit', label: 'nav.audit', group: 'oversight', component: AuditScreen, needs: ['audit.list', 'audit.verify', 'audit.export', 'audit.securityEvents', 'audit.integrity', 'audit.setWitness', 'users.grants', 'users.approveGrant', 'users.declineGrant', 'users.names'] },
] as const satisfies readonly Screen[];

type Registered = (typeof SCREENS)[number];
export type ScreenId = Registered['id'];

const HOME: Registered = SCREENS[0];

/** May a user with these roles open this screen? */
export const mayOpen = (screen: Screen, roles: readonly Role[]): boolean => screen.needs.every((m) => canCall(roles, m));

/** The navigation: the screens these roles may open, in order. */
export const screensFor = (roles: readonly Role[]): Registered[] => SCREENS.filter((s) => mayOpen(s, roles));

/** The route: the screen asked for if these roles may open it, otherwise the start screen. */
export function screenFor(id: ScreenId, roles: readonly Role[]): Registered {
  const screen = SCREENS.find((s) => s.id === id);
  return screen && mayOpen(screen, roles) ? screen : HOME;
}

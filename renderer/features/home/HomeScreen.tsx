/** The overview every logged-in user starts on: who you are, in which roles, what waits for you, when the session locks. */
import { useCan } from '../../app/permissions';
import { useUi } from '../../app/store';
import { useT } from '../../i18n';
import { AskAgain } from './AskAgain';
import { NextStep } from './NextStep';
import { RoundsWaiting } from './RoundsWaiting';

export function HomeScreen() {
  const t = useT();
  const can = useCan();
  const session = useUi((s) => s.status?.session ?? null);
  if (!session) return null;
  return (
    <section>
      <h1>{t('home.welcome', { name: session.displayName })}</h1>
      <p>{t('home.roles', { roles: session.roles.map((r) => t(`role.${r}`)).join(', ') })}</p>
      <NextStep />
      {can('rounds.list') && <RoundsWaiting />}
      {can('consent.askAgain') && <AskAgain />}
      <p className="muted">{t('home.idle', { n: session.idleMinutes })}</p>
    </section>
  );
}

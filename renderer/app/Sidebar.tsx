/**
 * The main menu: the screens this user may open (the registry's `screensFor`), grouped as the work
 * runs: the start page, the round's steps in order (data, screening, lists, review, approval,
 * sector assessment), setting up, and oversight. A step list on the left leaves the header for who
 * is logged in, and keeps every screen one click away however many roles a user holds.
 *
 * Beside a step, a count says what waits there: lists awaiting this user's approval, lists in
 * review or returned to them, answers the sectors still owe (marked when some are overdue). Counts
 * only, from the same queries the start page reads, so one change refreshes both; the step's
 * accessible name says the count in words ("Godkendelse, 2 venter på dig").
 */
import type { Role } from '../../shared/roles';
import { useQuery } from '../api/client';
import { useWaiting } from '../features/rounds/waiting';
import { useT } from '../i18n';
import { useFormat } from '../i18n/format';
import { useCan } from './permissions';
import { screenFor, screensFor, type ScreenGroup, type ScreenId } from './screens';
import { useUi } from './store';

const GROUPS: readonly ScreenGroup[] = ['start', 'round', 'setup', 'oversight'];

/** A step's count: the number shown, how urgent it looks, and the words for its accessible name. */
interface Badge {
  n: number;
  tone: 'info' | 'due' | 'late';
  words: string[];
}

export function Sidebar() {
  const session = useUi((s) => s.status?.session);
  if (!session || session.mustChangePassphrase) return null;
  return <Menu roles={session.roles} />;
}

function Menu({ roles }: { roles: readonly Role[] }) {
  const t = useT();
  const { view, setView } = useUi();
  const badges = useBadges();
  const screens = screensFor(roles);
  const current = screenFor(view, roles).id;
  return (
    <nav className="sidebar" aria-label={t('header.nav')}>
      {GROUPS.map((g) => {
        const mine = screens.filter((s) => s.group === g);
        if (!mine.length) return null;
        const Items = g === 'round' ? 'ol' : 'ul';
        return (
          <section key={g} aria-labelledby={g === 'start' ? undefined : `nav-${g}`}>
            {g !== 'start' && (
              <h2 id={`nav-${g}`} className="nav-group">
                {t(`nav.group.${g}`)}
              </h2>
            )}
            <Items className="nav-items">
              {mine.map((s) => {
                const badge = badges[s.id];
                const label = t(s.label);
                return (
                  <li key={s.id}>
                    <button className={current === s.id ? 'navitem active' : 'navitem'} aria-current={current === s.id ? 'page' : undefined} onClick={() => setView(s.id)}>
                      {/* The number is for the eye; for a screen reader the words go on the step's name, in
                          the same run of text (an element of its own would be read after a pause and a space). */}
                      <span className="navlabel">
                        {label}
                        {badge && <span className="nav-words">{badge.words.map((w) => `, ${w}`).join('')}</span>}
                      </span>
                      {badge && (
                        <span className={`badge ${badge.tone}`} aria-hidden="true" title={badge.words.join(', ')} data-testid={`badge-${s.id}`}>
                          {badge.number}
                        </span>
                      )}
                    </button>
                  </li>
                );
              })}
            </Items>
          </section>
        );
      })}
    </nav>
  );
}

/** The counts beside the round's steps; a step with nothing waiting has none. */
function useBadges(): Partial<Record<ScreenId, Badge & { number: string }>> {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const waiting = useWaiting();
  const answers = useQuery('packets.waiting', {}, { enabled: can('packets.waiting') }).data;
  const out: Partial<Record<ScreenId, Badge>> = {};
  if (waiting && waiting.approval > 0) out.approval = { n: waiting.approval, tone: 'due', words: [t('nav.badge.approval', { n: f.number(waiting.approval) })] };
  if (waiting && waiting.fixes + waiting.review > 0) {
    out.review = {
      n: waiting.fixes + waiting.review,
      tone: waiting.fixes > 0 ? 'due' : 'info',
      words: [
        ...(waiting.fixes > 0 ? [t('nav.badge.fixes', { n: f.number(waiting.fixes) })] : []),
        ...(waiting.review > 0 ? [t('nav.badge.review', { n: f.number(waiting.review) })] : []),
      ],
    };
  }
  if (answers && answers.missing > 0) {
    out.assessment = {
      n: answers.missing,
      tone: answers.overdue > 0 ? 'late' : 'info',
      words: [
        answers.missing === 1 ? t('nav.badge.missingOne') : t('nav.badge.missingMany', { n: f.number(answers.missing) }),
        ...(answers.overdue > 0 ? [answers.overdue === 1 ? t('nav.badge.overdueOne') : t('nav.badge.overdueMany', { n: f.number(answers.overdue) })] : []),
      ],
    };
  }
  return Object.fromEntries(Object.entries(out).map(([id, b]) => [id, { ...b, number: f.number(b.n) }]));
}

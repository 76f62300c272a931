/**
 * The main menu: the screens this user may open (the registry's `screensFor`), grouped as the work
 * runs: the start page, the round's steps in order (data, screening, lists, review, approval,
 * sector assessment), setting up, and oversight. A step list on the left leaves the header for who
 * is logged in, and keeps every screen one click away however many roles a user holds.
 */
import { useT } from '../i18n';
import { screenFor, screensFor, type ScreenGroup } from './screens';
import { useUi } from './store';

const GROUPS: readonly ScreenGroup[] = ['start', 'round', 'setup', 'oversight'];

export function Sidebar() {
  const t = useT();
  const { status, view, setView } = useUi();
  const session = status?.session;
  if (!session || session.mustChangePassphrase) return null;
  const screens = screensFor(session.roles);
  const current = screenFor(view, session.roles).id;
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
              {mine.map((s) => (
                <li key={s.id}>
                  <button className={current === s.id ? 'navitem active' : 'navitem'} aria-current={current === s.id ? 'page' : undefined} onClick={() => setView(s.id)}>
                    {t(s.label)}
                  </button>
                </li>
              ))}
            </Items>
          </section>
        );
      })}
    </nav>
  );
}

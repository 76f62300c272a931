/**
 * What to do now, on the start page, from data the page reads anyway or cheaply: for one who
 * prepares lists, where to begin when no round exists yet, and which approved rounds still wait
 * for their sector packets (`packets.waiting`: round numbers, no citizen); for the data-protection
 * officer, the warning the access log's screen gives about the witness file (`audit.integrity`).
 */
import { useQuery } from '../../api/client';
import { useNavigation } from '../../app/navigation';
import { useCan } from '../../app/permissions';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';

export function NextStep() {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const nav = useNavigation();
  const rounds = useQuery('rounds.list', {}, { enabled: can('rounds.list') && can('rounds.create') }).data;
  const waiting = useQuery('packets.waiting', {}, { enabled: can('packets.waiting') && can('packets.export') }).data;
  const integrity = useQuery('audit.integrity', {}, { enabled: can('audit.integrity') }).data;
  const lines: { key: string; text: string; go?: { screen: 'screening' | 'assessment' | 'audit'; label: string } }[] = [];
  if (can('rounds.create') && rounds?.length === 0) lines.push({ key: 'begin', text: t('home.next.begin'), go: { screen: 'screening', label: t('home.goScreening') } });
  if (can('packets.export'))
    for (const id of waiting?.unsent ?? []) lines.push({ key: `unsent-${id}`, text: t('home.next.send', { id: f.number(id) }), go: { screen: 'assessment', label: t('home.goAssessment') } });
  if (integrity?.witness.besideWorkspace) lines.push({ key: 'witness-beside', text: t('trust.witnessBeside'), go: { screen: 'audit', label: t('home.goAudit') } });
  if (integrity && integrity.witness.failures > 0)
    lines.push({ key: 'witness-failures', text: t('trust.witnessFailures', { n: f.number(integrity.witness.failures) }), go: { screen: 'audit', label: t('home.goAudit') } });
  if (lines.length === 0) return null;
  return (
    <div className="card todo" data-testid="next-step">
      <h2>{t('home.next')}</h2>
      <ul className="plain">
        {lines.map((l) => (
          <li key={l.key}>
            <strong>{l.text}</strong>{' '}
            {l.go && nav.canGo(l.go.screen) && (
              <button className="link" onClick={() => nav.go(l.go!.screen)}>
                {l.go.label}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Role grants that wait for a second person: on the administrator's Users screen and the DPO's
 * Audit screen. Who may approve, decline or withdraw each comes from the engine (mayApprove,
 * mayDecline), which refuses the rest anyway. The screen owns the query; a decision refreshes the
 * lists that show it through the query layer (the engine reports the change).
 */
import { useState } from 'react';
import { StaffName } from '../../app/StaffName';
import type { EngineErrorData } from '../../../shared/errors';
import type { RoleGrant } from '../../../shared/schemas';
import { invoke } from '../../api/client';
import { useUi } from '../../app/store';
import { ErrorBox, Notice, useAction } from '../../ui';
import { useT, type T } from '../../i18n';
import { useFormat } from '../../i18n/format';

export function PendingGrants({ grants, error }: { grants: RoleGrant[] | null; error: EngineErrorData | null }) {
  const t = useT();
  const me = useUi((s) => s.status?.session?.username);
  const action = useAction();
  // Kept as words to say, not said words: a switch of language redraws it.
  const [done, setDone] = useState<((t: T) => string) | null>(null);
  const f = useFormat();

  async function decide(g: RoleGrant, approve: boolean) {
    setDone(null);
    const r = await action.run(() => (approve ? invoke('users.approveGrant', { id: g.id }) : invoke('users.declineGrant', { id: g.id })));
    if (r) {
      setDone(() => (say: T) => say(approve ? 'grants.approved' : g.requestedBy === me ? 'grants.withdrawn' : 'grants.declined', { role: say(`role.${g.role}`), name: g.displayName }));
    }
  }

  return (
    <section aria-labelledby="pending-grants">
      <h2 id="pending-grants">{t('grants.title')}</h2>
      <p className="muted">{t('grants.intro')}</p>
      {done && <Notice kind="ok">{done(t)}</Notice>}
      <ErrorBox error={error ?? action.error} />
      {grants && grants.length === 0 ? (
        <p>{t('grants.none')}</p>
      ) : (
        <table className="grid" aria-label={t('grants.title')}>
          <thead>
            <tr>
              <th>{t('common.displayName')}</th>
              <th>{t('grants.role')}</th>
              <th>{t('grants.requestedBy')}</th>
              <th>{t('grants.requestedAt')}</th>
              <th>{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {(grants ?? []).map((g) => (
              <tr key={g.id}>
                <td>
                  {g.displayName} ({g.username})
                </td>
                <td>{t(`role.${g.role}`)}</td>
                <td>
                  <StaffName username={g.requestedBy} />
                </td>
                <td>{f.moment(g.requestedAt)}</td>
                <td>
                  <span className="row-actions">
                    {g.mayApprove && (
                      <button className="small" disabled={action.busy} onClick={() => decide(g, true)}>
                        {t('grants.approve')}
                      </button>
                    )}
                    {g.mayDecline && (
                      <button className="small secondary" disabled={action.busy} onClick={() => decide(g, false)}>
                        {g.requestedBy === me ? t('grants.withdraw') : t('grants.decline')}
                      </button>
                    )}
                    {!g.mayApprove && <span className="muted">{t(g.requestedBy === me ? 'grants.awaitingOther' : 'grants.notYours')}</span>}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

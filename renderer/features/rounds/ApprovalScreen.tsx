/**
 * Godkendelse (approval), the supervisor's step: the lists awaiting approval first, the rest
 * (approved, in review, returned) below, and the open round to approve or return.
 */
import { useState } from 'react';
import { useQuery } from '../../api/client';
import { useT } from '../../i18n';
import { RoundError } from './round-words';
import { RoundApproval } from './RoundApproval';
import { RoundList } from './RoundList';

export function ApprovalScreen() {
  const t = useT();
  const rounds = useQuery('rounds.list', {});
  const [openId, setOpenId] = useState<number | null>(null);
  const all = rounds.data ?? [];
  const waiting = all.filter((r) => r.awaiting === 'approval');
  const others = all.filter((r) => r.awaiting !== 'approval');
  const toggle = (id: number) => setOpenId(openId === id ? null : id);
  return (
    <section>
      <h1>{t('nav.approval')}</h1>
      <p className="muted">{t('approval.intro')}</p>
      <RoundError error={rounds.error} />
      <h2>{t('approval.waiting')}</h2>
      {rounds.data && waiting.length === 0 && <p>{t('approval.noneWaiting')}</p>}
      {waiting.length > 0 && <RoundList rounds={waiting} label={t('approval.waiting')} open={toggle} openId={openId} />}
      {openId !== null && <RoundApproval key={openId} id={openId} onClose={() => setOpenId(null)} />}
      {others.length > 0 && (
        <>
          <h2>{t('approval.done')}</h2>
          <RoundList rounds={others} label={t('approval.done')} open={toggle} openId={openId} />
        </>
      )}
    </section>
  );
}

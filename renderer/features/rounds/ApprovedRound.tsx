/**
 * The choice of an approved round that the steps after approval (sector assessment, consent)
 * start from: the newest approved round unless the user picks another, a sentence when there is
 * none, and the step's own content keyed by the round (so nothing of one round shows under another).
 */
import { useState, type ReactNode } from 'react';
import { useQuery } from '../../api/client';
import { useT } from '../../i18n';
import { SelectField } from '../../ui';
import { RoundError } from './round-words';

export function ApprovedRound({ id, label, none, children }: { id: string; label: string; none: string; children: (roundId: number) => ReactNode }) {
  const t = useT();
  const rounds = useQuery('rounds.list', {});
  const [picked, setPicked] = useState('');
  const approved = (rounds.data ?? []).filter((r) => r.state === 'approved');
  const chosen = approved.find((r) => String(r.id) === picked) ?? approved[0];
  return (
    <>
      <RoundError error={rounds.error} />
      {rounds.data && !chosen && <p>{none}</p>}
      {chosen && (
        <>
          <SelectField id={id} label={label} value={String(chosen.id)} onChange={setPicked} options={approved.map((r) => ({ value: String(r.id), label: t('round.title', { id: r.id, name: r.run.name, version: r.run.version }) }))} />
          <div key={chosen.id}>{children(chosen.id)}</div>
        </>
      )}
    </>
  );
}

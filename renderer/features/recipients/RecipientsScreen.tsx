/**
 * Sektornøgler (sector keys), for administrators: each sector's (or department's) public age key,
 * registered with a check that it is one the sectors' age 1.1 can use, listed with a fingerprint
 * to read aloud by phone, and removed with one clear question. Refusals say why in words
 * (post-quantum, plugin, a typo), beside the field.
 */
import { useState, type FormEvent } from 'react';
import { SECTORS, type Sector } from '../../../shared/extract-format';
import type { SectorRecipient } from '../../../shared/packets';
import type { EngineErrorData } from '../../../shared/errors';
import { invoke, useQuery } from '../../api/client';
import { useUi, type Lang } from '../../app/store';
import { errorText, useT, type T } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { Dialog, ErrorBox, Field, Fingerprint, Notice, SelectField, useAction } from '../../ui';
import { sectorList, sectorName } from '../assessment/words';
import { useCan } from '../../app/permissions';
import { StaffName } from '../../app/StaffName';
import { PlainAnswers } from './PlainAnswers';

const REFUSALS = ['format', 'post-quantum', 'plugin'] as const;

/** "Jobcenter" or "Voksen social, Socialpsykiatri": which key a sentence is about. */
const where = (lang: Lang, r: { sector: Sector; department: string }) => (r.department ? `${sectorName(lang, r.sector)}, ${r.department}` : sectorName(lang, r.sector));

function recipientError(t: T, e: EngineErrorData): string {
  const reason = e.details?.reason;
  if (e.code === 'RECIPIENT_INVALID' && REFUSALS.includes(reason as (typeof REFUSALS)[number])) return t(`recip.err.${reason as (typeof REFUSALS)[number]}`);
  return errorText(t, e);
}

export function RecipientsScreen() {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const lang = useUi((s) => s.lang);
  const list = useQuery('recipients.list', {});
  const action = useAction();
  const [sector, setSector] = useState<Sector>(SECTORS[0]);
  const [department, setDepartment] = useState('');
  const [recipient, setRecipient] = useState('');
  const [tried, setTried] = useState(false);
  // What was just done, kept as facts and put into words when shown: a switch of language rewords it.
  const [done, setDone] = useState<{ kind: 'registered' | 'removed'; key: SectorRecipient } | null>(null);
  const [removing, setRemoving] = useState<SectorRecipient | null>(null);
  const keys = list.data ?? [];
  const without = SECTORS.filter((s) => !keys.some((k) => k.sector === s && k.department === ''));
  const invalid = action.error && typeof action.error !== 'string' && action.error.code === 'RECIPIENT_INVALID' ? recipientError(t, action.error) : undefined;

  const register = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    setDone(null);
    if (!recipient.trim()) return;
    const r = await action.run(() => invoke('recipients.register', { sector, department: department.trim(), recipient: recipient.trim() }));
    if (!r) return;
    setDone({ kind: 'registered', key: r });
    setRecipient('');
    setDepartment('');
    setTried(false);
  };

  const remove = async (r: SectorRecipient) => {
    setRemoving(null);
    setDone(null);
    const ok = await action.run(() => invoke('recipients.remove', { sector: r.sector, department: r.department }));
    if (ok) setDone({ kind: 'removed', key: r });
  };

  return (
    <section>
      <h1>{t('nav.recipients')}</h1>
      <p className="muted">{t('recip.intro')}</p>
      <ErrorBox error={list.error ?? (invalid ? null : action.error)} />
      {done && (
        <Notice kind="ok">
          <p>{t(done.kind === 'registered' ? 'recip.registered' : 'recip.removed', { where: where(lang, done.key) })}</p>
          {done.kind === 'registered' && (
            <p>
              <Fingerprint value={done.key.fingerprint} />
            </p>
          )}
        </Notice>
      )}

      <form className="card" aria-label={t('recip.add')} onSubmit={(e) => void register(e)} noValidate>
        <h2>{t('recip.add')}</h2>
        <div className="row">
          <SelectField id="recip-sector" label={t('recip.sector')} value={sector} onChange={setSector} options={SECTORS.map((s) => ({ value: s, label: sectorName(lang, s) }))} />
          <Field label={t('recip.department')} name="recip-department" value={department} onChange={setDepartment} hint={t('recip.departmentHint')} />
        </div>
        <Field
          label={t('recip.recipient')}
          name="recip-recipient"
          value={recipient}
          onChange={setRecipient}
          hint={t('recip.recipientHint')}
          error={tried && !recipient.trim() ? t('recip.needKey') : invalid}
        />
        <p className="muted small">{t('recip.replaces')}</p>
        <button type="submit" disabled={action.busy}>
          {t('recip.register')}
        </button>
      </form>

      <h2>{t('recip.list')}</h2>
      {list.data && keys.length === 0 && <p>{t('recip.none')}</p>}
      {list.data && keys.length > 0 && without.length > 0 && <p className="message warn">{t('recip.missing', { sectors: sectorList(lang, without) })}</p>}
      {keys.length > 0 && (
        <table className="grid" aria-label={t('recip.list')}>
          <thead>
            <tr>
              <th>{t('recip.col.sector')}</th>
              <th>{t('recip.col.department')}</th>
              <th>{t('recip.col.fingerprint')}</th>
              <th>{t('recip.col.key')}</th>
              <th>{t('recip.col.registered')}</th>
              <th>{t('recip.col.registeredBy')}</th>
              <th>
                <span className="sr-only">{t('recip.remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((r) => (
              <tr key={`${r.sector}/${r.department}`}>
                <td>{sectorName(lang, r.sector)}</td>
                <td>{r.department ? <span data-raw>{r.department}</span> : <span className="muted">{t('recip.wholeSector')}</span>}</td>
                <td className="nowrap">
                  <Fingerprint value={r.fingerprint} />
                </td>
                <td className="wrap small">
                  <span className="mono" data-raw>
                    {r.recipient}
                  </span>
                </td>
                <td className="nowrap">{f.moment(r.registeredAt)}</td>
                <td>
                  <StaffName username={r.registeredBy} />
                </td>
                <td>
                  <button className="small danger nowrap" aria-label={t('recip.removeLabel', { where: where(lang, r) })} onClick={() => setRemoving(r)}>
                    {t('recip.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {can('packets.plainAnswers') && can('packets.setPlainAnswers') && <PlainAnswers />}

      {removing && (
        <Dialog label={t('recip.confirmTitle')} onClose={() => setRemoving(null)}>
          <h3>{t('recip.confirmTitle')}</h3>
          <p>{t('recip.confirm', { where: where(lang, removing) })}</p>
          <div className="actions">
            <button className="danger" onClick={() => void remove(removing)}>
              {t('recip.confirmYes')}
            </button>
            <button className="secondary" onClick={() => setRemoving(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

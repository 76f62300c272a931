/**
 * The one-time passphrases of an export, shown this once: the engine returns them only in the
 * export's answer and never stores them, so closing this dialog loses them for good. Closing
 * asks the user to confirm they have noted them, and Escape does nothing until then.
 */
import { useState } from 'react';
import type { Output } from '../../../shared/contract';
import { useUi } from '../../app/store';
import { useT } from '../../i18n';
import { Checkbox, Dialog } from '../../ui';
import { sectorName } from './words';

type Packet = Output<'packets.export'>['packets'][number];

export function PassphraseDialog({ packets, onClose }: { packets: Packet[]; onClose: () => void }) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const [noted, setNoted] = useState(false);
  return (
    <Dialog label={t('pass.title')} onClose={() => noted && onClose()}>
      <div className="wide-dialog">
        <h3>{t('pass.title')}</h3>
        <p className="message warn" role="note">
          {t('pass.warning')}
        </p>
        <table className="grid" aria-label={t('pass.title')}>
          <thead>
            <tr>
              <th>{t('export.col.sector')}</th>
              <th>{t('export.col.file')}</th>
              <th>{t('pass.col.passphrase')}</th>
            </tr>
          </thead>
          <tbody>
            {packets.map((p) => (
              <tr key={p.file}>
                <td>{p.part === null ? sectorName(lang, p.sector) : t('answers.partOf', { sector: sectorName(lang, p.sector), part: p.part })}</td>
                <td className="wrap small" data-raw>
                  {p.file}
                </td>
                <td className="nowrap">
                  <span className="fingerprint" data-raw data-testid="passphrase">
                    {p.passphrase}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Checkbox checked={noted} onChange={setNoted}>
          {t('pass.confirm')}
        </Checkbox>
        <div className="actions">
          <button disabled={!noted} onClick={onClose}>
            {t('pass.close')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}

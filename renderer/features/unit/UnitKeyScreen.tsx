import { useQuery } from '../../api/client';
import { ErrorBox, saveFile } from '../../ui';
import { useT } from '../../i18n';

export function UnitKeyScreen() {
  const t = useT();
  const q = useQuery('unit.recipient', {});
  const recipient = q.data?.recipient ?? '';
  const download = () => saveFile('tvaerblik-modtager.txt', `# ${q.data?.unitName ?? ''}\n${recipient}\n`, 'text/plain');
  return (
    <section>
      <h1>{t('unit.title')}</h1>
      <p>{t('unit.intro')}</p>
      <ErrorBox error={q.error} />
      <pre className="key" data-testid="unit-recipient">{recipient}</pre>
      <div className="row">
        <button onClick={() => void navigator.clipboard?.writeText(recipient)}>{t('unit.copy')}</button>
        <button onClick={download}>{t('unit.download')}</button>
      </div>
      <p>{t('unit.command')}</p>
      <pre className="key">age -r {recipient || 'age1…'} -o udtraek.csv.age udtraek.csv</pre>
    </section>
  );
}

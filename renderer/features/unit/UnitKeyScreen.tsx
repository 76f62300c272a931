import { useQuery } from '../../api/client';
import { ErrorBox } from '../../app/ui';
import { useT } from '../../i18n';

export function UnitKeyScreen() {
  const t = useT();
  const q = useQuery('unit.recipient', {});
  const recipient = q.data?.recipient ?? '';
  const download = () => {
    const url = URL.createObjectURL(new Blob([`# ${q.data?.unitName ?? ''}\n${recipient}\n`], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'tvaerblik-modtager.txt';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
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

/**
 * The letter to the citizen, shown from memory: the engine's text of it (shared/letters/, the same
 * text as its PDF), Danish and then English, with a button that prints only the letter
 * (window.print() and the print rules in styles.css that hide everything else). Nothing is saved:
 * no download, no temporary file, so the citizen's name never lands on disk unencrypted.
 */
import type { LetterContent, LetterText } from '../../../shared/consent';
import { useT } from '../../i18n';
import { Dialog } from '../../ui';

export function LetterDialog({ pseudonym, content, onClose }: { pseudonym: string; content: LetterContent; onClose: () => void }) {
  const t = useT();
  const title = t('letter.title', { pseudonym });
  return (
    <Dialog label={title} onClose={onClose}>
      <div className="letter-preview print-letter" data-testid="letter">
        <div className="no-print">
          <h3>{title}</h3>
          <p className="muted small">{t('letter.intro')}</p>
          <div className="actions">
            <button type="button" onClick={() => window.print()}>
              {t('letter.print')}
            </button>
            <button type="button" className="secondary" onClick={onClose}>
              {t('letter.close')}
            </button>
          </div>
        </div>
        <Letter letter={content.da} lang="da" />
        <p className="no-print letter-divider muted small">{t('letter.english')}</p>
        <Letter letter={content.en} lang="en" />
      </div>
    </Dialog>
  );
}

function Letter({ letter, lang }: { letter: LetterText; lang: 'da' | 'en' }) {
  return (
    <article lang={lang} className={`letter letter-${lang}`} data-raw>
      <p className="letter-date">{letter.date}</p>
      <h4 className="letter-title">{letter.title}</h4>
      <p>{letter.greeting}</p>
      {letter.sections.map((s, i) => (
        <section key={i}>
          {s.heading && <h5>{s.heading}</h5>}
          {s.paragraphs
            .filter((p) => p !== '')
            .map((p, j) => (
              <p key={j}>{p}</p>
            ))}
          {s.points && s.points.length > 0 && (
            <ul>
              {s.points.map((p, j) => (
                <li key={j}>{p}</li>
              ))}
            </ul>
          )}
        </section>
      ))}
      <p className="letter-closing">
        {letter.closing.map((line, i) => (
          <span key={i}>
            {line}
            <br />
          </span>
        ))}
      </p>
    </article>
  );
}

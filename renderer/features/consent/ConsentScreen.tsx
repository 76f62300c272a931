/**
 * Samtykke (consent), the step after the sector assessment: choose an approved round, notify the
 * caseworkers of its finally selected citizens, record contact and consent per citizen (the engine
 * offers the allowed next steps), show and print the letter to the citizen (from memory, never
 * a file), and send the overview once consent stands. The unit's contact is required for the
 * notices and the letter: it is printed on them. Screeners do all of it; supervisors read the register (`consent.list`) and see
 * no controls they may not use.
 */
import { useRef, useState } from 'react';
import { useQuery } from '../../api/client';
import { useCan } from '../../app/permissions';
import { useT, type MessageKey } from '../../i18n';
import { Field } from '../../ui';
import { RoundError } from '../rounds/round-words';
import { ApprovedRound } from '../rounds/ApprovedRound';
import { ConsentTable } from './ConsentTable';
import { NoticesPanel } from './NoticesPanel';
import type { ContactField } from './words';
import { useUi } from '../../app/store';

export function ConsentScreen() {
  const t = useT();
  const can = useCan();
  return (
    <section>
      <h1>{t('nav.consent')}</h1>
      <p className="muted">{t(can('consent.record') ? 'consent.intro' : 'consent.introRead')}</p>
      <ApprovedRound id="consent-round" label={t('consent.round')} none={t('consent.noRounds')}>
        {(roundId) => <RoundConsent roundId={roundId} />}
      </ApprovedRound>
    </section>
  );
}

function RoundConsent({ roundId }: { roundId: number }) {
  const t = useT();
  const can = useCan();
  const list = useQuery('consent.list', { roundId });
  const contact = useUi((s) => s.unitContact);
  const setContact = useUi((s) => s.setUnitContact);
  // The key, not the text: the error follows a change of language.
  const [contactError, setContactError] = useState<MessageKey | null>(null);
  const contactInput = useRef<HTMLInputElement>(null);
  const field: ContactField = {
    require: (missing) => {
      const text = contact.trim();
      if (text) return text;
      setContactError(missing);
      contactInput.current?.focus();
      return null;
    },
  };
  const writes = can('notices.export') || can('consent.letter') || can('overview.export');
  return (
    <div data-testid="consent">
      <RoundError error={list.error} />
      {writes && list.data && list.data.length > 0 && (
        <div className="row">
          <Field
            label={t('consent.contact')}
            name="consent-contact"
            value={contact}
            onChange={(v) => {
              setContact(v);
              if (v.trim()) setContactError(null);
            }}
            hint={t('consent.contactHint')}
            error={contactError ? t(contactError) : undefined}
            inputRef={contactInput}
          />
        </div>
      )}
      {can('notices.export') && list.data && list.data.length > 0 && <NoticesPanel roundId={roundId} contact={field} />}
      {list.data && list.data.length === 0 && <p className="message info">{t('consent.none')}</p>}
      {list.data && list.data.length > 0 && <ConsentTable roundId={roundId} rows={list.data} contact={field} contactText={contact.trim()} />}
    </div>
  );
}

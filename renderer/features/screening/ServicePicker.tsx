/**
 * Picks services for a criterion from the catalogue instead of typing code syntax: search by code,
 * Danish or English name, or old or new paragraph; the chosen ones are chips. Where the criterion
 * takes groups ("one of these"), a group is one chip holding its alternatives, and "+ eller" adds
 * the next pick to it. The search is react-aria's ComboBox (the ARIA combobox pattern): typing opens
 * the matches with the first one active, arrows move, Enter picks, Escape closes, Backspace in an
 * empty search removes the last pick.
 *
 * The value stays the criteria form's text ("LAS_KH|LAS_UH, SEL85"), so saving, presets and the
 * engine's checks are unchanged. Text that matches no entry is added as typed: the engine then
 * names it as an unknown reference in this field, as for any other typo.
 */
import { useContext, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { ComboBox, ComboBoxStateContext, FieldError, Input, Label, ListBox, ListBoxItem, Popover } from 'react-aria-components';
import { normaliseCode } from '../../../shared/codes';
import type { CatalogueEntry } from '../../../shared/schemas';
import { useUi } from '../../app/store';
import { useT } from '../../i18n';

const MAX_MATCHES = 8;

/** The form text as groups of alternatives (a single service is a group of one). */
const groupsOf = (text: string): string[][] =>
  text
    .split(/[,;\n]/)
    .map((g) => g.split('|').map((s) => s.trim()).filter(Boolean))
    .filter((g) => g.length > 0);
const textOf = (groups: string[][]) => groups.map((g) => g.join('|')).join(', ');

/** Catalogue entries a query finds: code first, then paragraph, then name. */
function search(catalogue: readonly CatalogueEntry[], query: string): CatalogueEntry[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const code = normaliseCode(q);
  const para = q.replace(/\s+/g, '');
  const score = (e: CatalogueEntry) =>
    normaliseCode(e.code).startsWith(code) ? 0
    : `${e.paragraphOld} ${e.paragraphNew}`.toLowerCase().replace(/\s+/g, '').includes(para) ? 1
    : `${e.nameDa} ${e.nameEn}`.toLowerCase().includes(q) ? 2
    : -1;
  return catalogue
    .filter((e) => !e.excluded)
    .map((e) => [e, score(e)] as const)
    .filter(([, s]) => s >= 0)
    .sort((a, b) => a[1] - b[1] || a[0].code.localeCompare(b[0].code))
    .slice(0, MAX_MATCHES)
    .map(([e]) => e);
}

export function ServicePicker(props: {
  label: string;
  name: string;
  value: string;
  onChange: (text: string) => void;
  catalogue: readonly CatalogueEntry[];
  /** Whether a pick may join an earlier one as an alternative ("one of these"). */
  groups?: boolean;
  error?: string | undefined;
}) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const listLabel = useId();
  const [query, setQuery] = useState('');
  /** The group the next pick joins, or null for a new chip. */
  const [joining, setJoining] = useState<number | null>(null);
  const groups = groupsOf(props.value);
  const matches = useMemo(() => search(props.catalogue, query), [props.catalogue, query]);
  const byCode = useMemo(() => new Map(props.catalogue.map((e) => [normaliseCode(e.code), e])), [props.catalogue]);
  const nameOf = (ref: string) => {
    const e = byCode.get(normaliseCode(ref));
    return e ? (lang === 'da' ? e.nameDa : e.nameEn) : null;
  };

  const add = (ref: string) => {
    const next = groups.map((g) => [...g]);
    if (joining !== null && next[joining]) next[joining]!.push(ref);
    else next.push([ref]);
    props.onChange(textOf(next));
    setQuery('');
    setJoining(null);
  };
  const remove = (gi: number, ri: number) => {
    const next = groups.map((g, i) => (i === gi ? g.filter((_, j) => j !== ri) : g)).filter((g) => g.length > 0);
    props.onChange(textOf(next));
  };

  return (
    <ComboBox
      className={props.error ? 'field picker invalid' : 'field picker'}
      items={matches}
      inputValue={query}
      onInputChange={setQuery}
      // Every pick becomes a chip and the search empties, so nothing stays "selected" in the box.
      selectedKey={null}
      onSelectionChange={(key) => key !== null && add(String(key))}
      allowsCustomValue
      isInvalid={Boolean(props.error)}
      validationBehavior="aria"
    >
      <Label>{props.label}</Label>
      <span id={listLabel} hidden>
        {t('picker.matches')}
      </span>
      {groups.length > 0 && (
        <ul className="chips picked" aria-label={t('picker.chosen', { field: props.label })}>
          {groups.map((g, gi) => (
            <li key={`${gi}-${g.join('|')}`} className={g.length > 1 ? 'chip group' : 'chip'}>
              {g.length > 1 && <span className="muted small">{t('picker.oneOf')} </span>}
              {g.map((ref, ri) => (
                <span key={`${ri}-${ref}`} className="ref">
                  {ri > 0 && <span className="muted small"> {t('picker.or')} </span>}
                  <span title={nameOf(ref) ?? undefined} data-raw>
                    {ref}
                  </span>
                  {nameOf(ref) && <span className="muted small"> {nameOf(ref)}</span>}
                  <button type="button" className="link remove" aria-label={t('picker.remove', { ref: nameOf(ref) ?? ref })} onClick={() => remove(gi, ri)}>
                    ×
                  </button>
                </span>
              ))}
              {props.groups && (
                <button type="button" className="link" aria-pressed={joining === gi} onClick={() => setJoining(joining === gi ? null : gi)} aria-label={t('picker.addAlternative', { ref: g.map((r) => nameOf(r) ?? r).join(', ') })}>
                  {t('picker.orShort')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <SearchInput
        name={props.name}
        placeholder={joining !== null ? t('picker.placeholderJoin') : t('picker.placeholder')}
        firstMatch={matches[0]?.code ?? null}
        onEnter={(picked) => {
          if (picked !== null) add(picked);
          else if (query.trim()) add(query.trim());
        }}
        onCancel={() => setJoining(null)}
        onBackspaceEmpty={() => {
          const last = groups.length - 1;
          if (query === '' && last >= 0) remove(last, groups[last]!.length - 1);
        }}
      />
      <Popover className="picker-popover" placement="bottom start" offset={2}>
        {/* Named "matches" alone (react-aria would add the field's label, making two things carry it). */}
        <ListBox className="picker-list" aria-labelledby={listLabel}>
          {(e: CatalogueEntry) => (
            <ListBoxItem id={e.code} textValue={`${e.code} ${lang === 'da' ? e.nameDa : e.nameEn}`}>
              <strong data-raw>{e.code}</strong> {lang === 'da' ? e.nameDa : e.nameEn}
              <span className="muted small" data-raw>
                {' '}
                {[e.paragraphNew, e.paragraphOld].filter((p, j, all) => p && all.indexOf(p) === j).join(' · ')}
              </span>
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
      {/* An empty list would say nothing at all: say that nothing matched, and how to search. */}
      {query.trim() !== '' && matches.length === 0 && (
        <p className="muted small" role="status">
          {t('picker.noMatch', { query: query.trim() })}
        </p>
      )}
      {props.error && <FieldError className="field-error">{props.error}</FieldError>}
    </ComboBox>
  );
}

/**
 * The search box inside the ComboBox. It makes the first match the active option whenever the
 * matches change, and handles Enter itself: the active option with the list open, the text as
 * typed with it closed (the engine then names an unknown reference in this field). Escape also
 * cancels "+ eller"; Backspace in an empty search removes the last pick.
 */
function SearchInput(props: { name: string; placeholder: string; firstMatch: string | null; onEnter: (picked: string | null) => void; onCancel: () => void; onBackspaceEmpty: () => void }) {
  const state = useContext(ComboBoxStateContext);
  const input = useRef<HTMLInputElement>(null);
  const { firstMatch } = props;
  const open = state?.isOpen ?? false;
  const focusedKey = state?.selectionManager.focusedKey ?? null;
  // react-aria opens the list on typing only if the new matches are in its collection in the same
  // render, and ours are built from the typed text, so they arrive one render later: open it then.
  useEffect(() => {
    if (firstMatch !== null && !open && input.current === document.activeElement) state?.open(null, 'input');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only new matches (typing) open the list
  }, [firstMatch]);
  // The first match is the active option whenever the list is open and none is (react-aria clears it on typing).
  // (Only once the match is in the collection, which follows the typed text a render later.)
  const ready = firstMatch !== null && state?.collection.getItem(firstMatch) != null;
  // Checked after every render: react-aria clears the active option in its own effects.
  useLayoutEffect(() => {
    if (open && ready && focusedKey === null) state?.selectionManager.setFocusedKey(firstMatch);
  });
  // Enter is ours, before react-aria sees it: with the list open it picks the active option (or the
  // first match, if a key typed faster than the list cleared it), with the list closed the text.
  const onKeyDownCapture = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault(); // never submit the surrounding form from the search
    e.stopPropagation();
    props.onEnter(open ? (focusedKey !== null ? String(focusedKey) : firstMatch) : null);
    state?.close();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') props.onCancel();
    else if (e.key === 'Backspace' && e.currentTarget.value === '') props.onBackspaceEmpty();
  };
  return <Input ref={input} name={props.name} placeholder={props.placeholder} autoComplete="off" spellCheck={false} onKeyDownCapture={onKeyDownCapture} onKeyDown={onKeyDown} />;
}

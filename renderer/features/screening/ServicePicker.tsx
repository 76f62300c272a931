/**
 * Picks services for a criterion from the catalogue instead of typing code syntax: search by code,
 * Danish or English name, or old or new paragraph; the chosen ones are chips. Where the criterion
 * takes groups ("one of these"), a group is one chip holding its alternatives, and "+ eller" adds
 * the next pick to it. Follows the ARIA combobox pattern: arrows move, Enter picks, Escape closes.
 *
 * The value stays the criteria form's text ("LAS_KH|LAS_UH, SEL85"), so saving, presets and the
 * engine's checks are unchanged. Text that matches no entry is added as typed: the engine then
 * names it as an unknown reference in this field, as for any other typo.
 */
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
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
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
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
    setOpen(false);
    setJoining(null);
  };
  const remove = (gi: number, ri: number) => {
    const next = groups.map((g, i) => (i === gi ? g.filter((_, j) => j !== ri) : g)).filter((g) => g.length > 0);
    props.onChange(textOf(next));
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, matches.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter' && query.trim()) {
      e.preventDefault();
      const picked = open ? matches[active] : undefined;
      add(picked ? picked.code : query.trim());
    } else if (e.key === 'Escape') {
      setOpen(false);
      setJoining(null);
    } else if (e.key === 'Backspace' && !query && groups.length) {
      const last = groups.length - 1;
      remove(last, groups[last]!.length - 1);
    }
  };

  const inputId = `${id}-input`;
  const listId = `${id}-list`;
  const errorId = `${id}-error`;
  return (
    <div className={props.error ? 'field picker invalid' : 'field picker'}>
      <label htmlFor={inputId}>{props.label}</label>
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
      <input
        id={inputId}
        name={props.name}
        type="text"
        role="combobox"
        aria-expanded={open && matches.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && matches[active] ? `${listId}-${active}` : undefined}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder={joining !== null ? t('picker.placeholderJoin') : t('picker.placeholder')}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={onKey}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      {open && matches.length > 0 && (
        <ul id={listId} role="listbox" className="picker-list" aria-label={t('picker.matches')}>
          {matches.map((e, i) => (
            <li
              key={e.code}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(ev) => {
                ev.preventDefault(); // keep focus in the input
                add(e.code);
              }}
            >
              <strong data-raw>{e.code}</strong> {lang === 'da' ? e.nameDa : e.nameEn}
              <span className="muted small" data-raw>
                {' '}
                {[e.paragraphNew, e.paragraphOld].filter((p, j, all) => p && all.indexOf(p) === j).join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      )}
      {props.error && (
        <small id={errorId} className="field-error">
          {props.error}
        </small>
      )}
    </div>
  );
}

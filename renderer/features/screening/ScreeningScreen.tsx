/**
 * Screening: start from a preset or a saved set, tune the criteria while the figures follow, look
 * at the candidates and their reasons, save the criteria as a version, and run and save the list.
 * Saved lists are on their own screen (features/runs), one click away after a run.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CriteriaInput } from '../../../shared/criteria';
import { PRESETS } from '../../../shared/presets';
import type { Output } from '../../../shared/contract';
import type { CriteriaVersion } from '../../../shared/screening';
import { invoke, useQuery } from '../../api/client';
import { useNavigation } from '../../app/navigation';
import { useUi } from '../../app/store';
import { ErrorBox, Field, Notice, SelectField, saveJson, useAction } from '../../ui';
import { useT, type T } from '../../i18n';
import { CandidateTable } from './CandidateTable';
import { CriteriaEditor, criteriaProblems } from './CriteriaEditor';
import { EMPTY_FORM, fromCriteria, toCriteria, type CriteriaForm } from './criteria-form';
import { PreviewPanel } from './PreviewPanel';
import { usePreview } from './usePreview';
import { useCriteriaDraft } from './draft';

const same = (a: CriteriaInput, b: CriteriaInput) => JSON.stringify(toCriteria(fromCriteria(a))) === JSON.stringify(toCriteria(fromCriteria(b)));

export function ScreeningScreen() {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const username = useUi((s) => s.status?.session?.username ?? '');
  // Where this user left off before a lock or a logout (another user's draft is not theirs).
  const [draft] = useState(() => {
    const d = useCriteriaDraft.getState().draft;
    return d && d.owner === username ? d : null;
  });
  const [form, setForm] = useState<CriteriaForm>(draft?.form ?? EMPTY_FORM);
  const [presetId, setPresetId] = useState(draft?.presetId ?? '');
  const [saved, setSaved] = useState<CriteriaVersion | null>(draft?.saved ?? null);
  const [name, setName] = useState(draft?.name ?? '');
  const keepDraft = useCriteriaDraft((s) => s.keep);
  useEffect(() => keepDraft({ owner: username, form, presetId, saved, name }), [keepDraft, username, form, presetId, saved, name]);
  const [comment, setComment] = useState('');
  // Kept as words to say, not said words: a switch of language redraws it.
  const [notice, setNotice] = useState<((t: T) => string) | null>(null);
  const [ran, setRan] = useState(false);
  const nav = useNavigation();
  const criteria = useMemo(() => toCriteria(form), [form]);
  const edit = (f: CriteriaForm) => {
    setForm(f);
    setEvaluation(null); // a list shown must always match the criteria shown
  };
  const { preview, error, pending } = usePreview(criteria);
  const sets = useQuery('criteria.list', {});
  const catalogue = useQuery('catalogue.list', {});
  const list = useAction();
  const [evaluation, setEvaluation] = useState<Output<'screening.evaluate'> | null>(null);
  const act = useAction();
  const preset = PRESETS.find((p) => p.id === presetId);
  const unsaved = !saved || !same(saved.criteria, criteria);

  const load = (c: CriteriaInput) => {
    edit(fromCriteria(c));
    setNotice(null);
    setRan(false);
  };
  const choosePreset = (id: string) => {
    setPresetId(id);
    setSaved(null);
    const p = PRESETS.find((x) => x.id === id);
    if (p) {
      load(p.criteria);
      setName(p.name[lang]);
    }
  };
  const chooseSet = (id: string) => {
    const v = sets.data?.find((s) => String(s.id) === id)?.versions[0];
    setPresetId('');
    setSaved(v ?? null);
    if (v) {
      load(v.criteria);
      setName(v.name);
    }
  };
  const results = useRef<HTMLHeadingElement>(null);
  const show = async () => {
    const e = await list.run(() => invoke('screening.evaluate', { criteria, limit: 1000 }));
    setEvaluation(e);
    // The list lands below the fold at 1,366 × 768: bring its heading into view, with the focus.
    if (e) requestAnimationFrame(() => results.current?.focus());
  };
  const save = async (asNew: boolean) => {
    const v = await act.run(() => invoke('criteria.save', { ...(saved && !asNew ? { setId: saved.setId } : {}), name, criteria, comment }));
    if (v) {
      setSaved(v);
      setComment('');
      setNotice(() => (say: T) => say('screen.saved', { version: v.version, name: v.name }));
      setRan(false);
    }
  };
  const runList = async () => {
    if (!saved) return;
    const r = await act.run(() => invoke('runs.create', { setId: saved.setId, version: saved.version, comment }));
    if (r) {
      setNotice(() => (say: T) => say('screen.ran', { id: r.id, count: r.count }));
      setRan(true);
    }
  };

  return (
    <section>
      <h1>{t('screen.title')}</h1>
      <p className="muted">{t('screen.intro')}</p>
      <div className="row">
        <SelectField id="preset" label={t('screen.preset')} value={presetId} onChange={choosePreset} options={[{ value: '', label: t('screen.presetNone') }, ...PRESETS.map((p) => ({ value: p.id, label: p.name[lang] }))]} />
        <SelectField
          id="saved-set"
          label={t('screen.savedSet')}
          value={saved ? String(saved.setId) : ''}
          onChange={chooseSet}
          options={[{ value: '', label: '–' }, ...(sets.data ?? []).map((s) => ({ value: String(s.id), label: `${s.name} (v${s.versions[0]?.version})` }))]}
        />
      </div>
      {preset && (
        <blockquote className="origin">
          <strong>{t('screen.origin')}:</strong> {preset.origin[lang]} <span className="muted">— {preset.origin.source[lang]}</span>
          {preset.note && <div className="muted small">{preset.note[lang]}</div>}
        </blockquote>
      )}
      <div className="screening">
        <div>
          <CriteriaEditor form={form} onChange={edit} problems={criteriaProblems(t, error)} catalogue={catalogue.data ?? []} />
          {/* The criteria as `tvaerblik screen` reads them, for those who script: saved as a file, never shown as code. */}
          <button type="button" className="secondary small" onClick={() => saveJson('kriterier.json', criteria)}>
            {t('screen.json')}
          </button>
        </div>
        <div>
          <ErrorBox error={error} />
          <PreviewPanel preview={preview} pending={pending} refused={error !== null} />
        </div>
      </div>

      <div className="card">
        <div className="row">
          <Field name="set-name" label={t('screen.name')} value={name} onChange={setName} />
          <Field name="comment" label={t('screen.comment')} value={comment} onChange={setComment} />
        </div>
        <div className="row-actions">
          <button onClick={() => void show()} disabled={list.busy}>
            {t('screen.show')}
          </button>
          <button className="secondary" onClick={() => void save(true)} disabled={act.busy || !name.trim()}>
            {t('screen.saveAsNew')}
          </button>
          {saved && (
            <button className="secondary" onClick={() => void save(false)} disabled={act.busy || !unsaved}>
              {t('screen.saveVersion', { name: saved.name })}
            </button>
          )}
          <button className="secondary" onClick={() => void runList()} disabled={act.busy || unsaved}>
            {t('screen.run')}
          </button>
        </div>
        {saved && unsaved && <p className="muted small">{t('screen.unsaved')}</p>}
        {!saved && <p className="muted small">{t('screen.saveFirst')}</p>}
        <ErrorBox error={act.error ?? list.error} />
        {notice && <Notice kind="ok">{notice(t)}</Notice>}
        {ran && nav.canGo('runs') && (
          <button className="secondary" onClick={() => nav.go('runs')}>
            {t('screen.toRuns')}
          </button>
        )}
      </div>

      {evaluation && (
        <section>
          <h2 ref={results} tabIndex={-1}>
            {t('screen.candidates')} ({evaluation.count})
          </h2>
          {evaluation.truncated && <p className="muted">{t('screen.truncated', { n: evaluation.candidates.length, total: evaluation.count })}</p>}
          <CandidateTable candidates={evaluation.candidates} caption={t('screen.candidates')} />
        </section>
      )}
    </section>
  );
}

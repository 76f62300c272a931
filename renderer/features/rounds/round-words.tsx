/**
 * The round in words: its state, whose turn it is, and the engine's refusals said with their
 * details (how many are undecided, which state, which acts made this user a preparer), so the
 * user reads what to do rather than a generic error.
 */
import type { EngineErrorData } from '../../../shared/errors';
import { ROUND_STATES, type RoundState, type RoundSummary } from '../../../shared/rounds';
import { errorText, useT, type T } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { ErrorBox } from '../../ui';

export const stateText = (t: T, s: RoundState) => t(`round.state.${s}`);

export const turnText = (t: T, r: RoundSummary) => t(r.awaiting ? `round.awaiting.${r.awaiting}` : 'round.awaiting.none');

const ACTS = ['created', 'decided', 'submitted'] as const;

export function roundErrorText(t: T, e: EngineErrorData, format: (n: number) => string): string {
  const d = e.details ?? {};
  if (e.code === 'ROUND_UNDECIDED' && typeof d.undecided === 'number') return t('round.err.undecided', { n: format(d.undecided) });
  if (e.code === 'ROUND_STATE' && typeof d.state === 'string' && isState(d.state)) return t('round.err.state', { state: stateText(t, d.state) });
  if (e.code === 'SEPARATION_OF_DUTIES' && d.rule === 'four-eyes') {
    const acts = Array.isArray(d.acts) ? ACTS.filter((a) => (d.acts as unknown[]).includes(a)) : [];
    return t('round.err.fourEyes', { acts: acts.map((a) => t(`round.act.${a}`)).join(', ') });
  }
  return errorText(t, e);
}

const isState = (s: string): s is RoundState => (ROUND_STATES as readonly string[]).includes(s);

/** A SHA-256 in groups of four, as the log key's fingerprint is shown: easier to read aloud and compare. */
export const groupHash = (hex: string) => hex.match(/.{1,4}/g)?.join(' ') ?? hex;

/** An error from a round's call, in words with its details; a local text as it is. */
export function RoundError({ error }: { error: EngineErrorData | string | null }) {
  const t = useT();
  const f = useFormat();
  return <ErrorBox error={error && typeof error !== 'string' ? roundErrorText(t, error, f.number) : error} />;
}

/**
 * A long operation's progress: the bar with what it has done in words, and (while it can be
 * stopped) the button that cancels it. Every operation's bar is this one, so imports, packets and
 * notices look and read alike.
 */
export function ProgressBar({ label, percent, text, cancel }: { label: string; percent: number; text: string; cancel?: { label: string; onPress: () => void } | undefined }) {
  return (
    <>
      <div className="progress" role="progressbar" aria-label={label} aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
        <div style={{ width: `${percent}%` }} />
        <span>{text}</span>
      </div>
      {cancel && (
        <button type="button" className="secondary small" onClick={cancel.onPress}>
          {cancel.label}
        </button>
      )}
    </>
  );
}

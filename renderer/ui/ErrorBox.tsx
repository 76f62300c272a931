/** An engine error (or a local one) in the user's words, announced to screen readers. */
import type { EngineErrorData } from '../../shared/errors';
import { errorText, useT } from '../i18n';

export function ErrorBox({ error }: { error: EngineErrorData | string | null }) {
  const t = useT();
  if (!error) return null;
  return (
    <div className="message error" role="alert">
      {typeof error === 'string' ? error : errorText(t, error)}
    </div>
  );
}

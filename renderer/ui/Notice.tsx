/** A calm message: information, or a confirmation that something worked. */
import type { ReactNode } from 'react';

export function Notice({ children, kind = 'info' }: { children: ReactNode; kind?: 'info' | 'ok' }) {
  return (
    <div className={`message ${kind}`} role="status">
      {children}
    </div>
  );
}

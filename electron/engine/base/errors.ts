import type { EngineErrorData, ErrorCode } from '../../../shared/errors';

/** The engine's only error type: a stable code, an English message and optional details. */
export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'EngineError';
  }

  toData(): EngineErrorData {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

export function toErrorData(err: unknown): EngineErrorData {
  if (err instanceof EngineError) return err.toData();
  // Never echo an unknown error's message: it may carry personal data from a query.
  return { code: 'INTERNAL', message: 'Internal error' };
}

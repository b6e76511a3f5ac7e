/**
 * Errors that the user should read. `code` is a message key of the i18n catalogue
 * (`error.*`) and `params` fill its placeholders, so a worker can throw in any language
 * and the page words it in the user's. Anything else that is thrown is a bug and is shown
 * as such, with its original message.
 */
export type ErrorParams = Record<string, string | number>;

export class LensError extends Error {
  readonly code: string;
  readonly params: ErrorParams;

  constructor(code: string, params: ErrorParams = {}, message?: string) {
    super(message ?? `${code} ${JSON.stringify(params)}`);
    this.name = 'LensError';
    this.code = code;
    this.params = params;
  }
}

/** Thrown by a task that noticed its CancelSignal; the UI treats it as "stopped", not as a failure. */
export class CancelledError extends LensError {
  constructor() {
    super('error.cancelled');
    this.name = 'CancelledError';
  }
}

export function isCancelled(err: unknown): boolean {
  return (
    err instanceof CancelledError || (err instanceof LensError && err.code === 'error.cancelled')
  );
}

/** Throws CancelledError when the signal is set; call it at every yield point of a long loop. */
export function throwIfCancelled(signal: { readonly aborted: boolean } | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

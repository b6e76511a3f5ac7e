/**
 * Errors across the worker boundary. Comlink's default 'throw' handler turns every
 * error into a plain `Error` with name/message/stack, which loses LensError's code and
 * params and the CancelledError class. This module replaces that handler (both sides
 * import it: the worker serialises, the page rebuilds) and knows how to describe any
 * error as an i18n code + params for the UI.
 */
import { transferHandlers, type TransferHandler } from 'comlink';
import { CancelledError, LensError, isCancelled, type ErrorParams } from '../core/errors.ts';

export type SerializedError =
  | { kind: 'cancelled' }
  | { kind: 'lens'; code: string; params: ErrorParams; message: string; stack?: string }
  | { kind: 'error'; name: string; message: string; stack?: string }
  | { kind: 'value'; text: string };

/** True for a storage quota failure, however Dexie or the browser wrapped it. */
export function isQuotaError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const name = (e as { name?: unknown }).name;
    if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
    // Dexie keeps the underlying error in `inner`; standard errors in `cause`.
    e = (e as { inner?: unknown }).inner ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

export function serializeError(err: unknown): SerializedError {
  if (isCancelled(err)) return { kind: 'cancelled' };
  if (err instanceof LensError) {
    return {
      kind: 'lens',
      code: err.code,
      params: { ...err.params },
      message: err.message,
      stack: err.stack,
    };
  }
  if (isQuotaError(err)) {
    return { kind: 'lens', code: 'error.storage.full', params: {}, message: errorMessage(err) };
  }
  if (err instanceof Error)
    return { kind: 'error', name: err.name, message: err.message, stack: err.stack };
  if (typeof DOMException !== 'undefined' && err instanceof DOMException) {
    return { kind: 'error', name: err.name, message: err.message };
  }
  if (
    err &&
    typeof err === 'object' &&
    typeof (err as { message?: unknown }).message === 'string'
  ) {
    // e.g. the tfjs wasm loader rejects with a bare { message }.
    return { kind: 'error', name: 'Error', message: (err as { message: string }).message };
  }
  return { kind: 'value', text: errorMessage(err) };
}

export function deserializeError(s: SerializedError): Error {
  switch (s.kind) {
    case 'cancelled':
      return new CancelledError();
    case 'lens': {
      const e = new LensError(s.code, s.params, s.message);
      if (s.stack) e.stack = s.stack;
      return e;
    }
    case 'error': {
      const e = new Error(s.message);
      e.name = s.name;
      if (s.stack) e.stack = s.stack;
      return e;
    }
    case 'value':
      return new Error(s.text);
  }
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err) ?? String(err);
  } catch {
    return String(err);
  }
}

export interface ErrorDescription {
  code: string;
  params: ErrorParams;
}

/**
 * Any error as a message key + params for `translate()`. LensErrors keep their own;
 * cancellations (ours, or an AbortSignal's DOMException) are 'error.cancelled'; quota
 * failures 'error.storage.quota'; everything else is a bug shown as 'error.unexpected'
 * with its original message.
 */
export function describeError(err: unknown): ErrorDescription {
  if (isCancelled(err)) return { code: 'error.cancelled', params: {} };
  if (err instanceof LensError) return { code: err.code, params: { ...err.params } };
  if (isQuotaError(err)) return { code: 'error.storage.full', params: {} };
  if (
    typeof DOMException !== 'undefined' &&
    err instanceof DOMException &&
    err.name === 'AbortError'
  ) {
    return { code: 'error.cancelled', params: {} };
  }
  if (err instanceof Error) {
    const text = err.message || err.name;
    const message =
      err.name && err.name !== 'Error' && err.message ? `${err.name}: ${err.message}` : text;
    return { code: 'error.unexpected', params: { message } };
  }
  return { code: 'error.unexpected', params: { message: errorMessage(err) } };
}

/** Comlink wraps a thrown value as `{ value, [throwMarker]: 0 }`; only its own handler can recognise that. */
type Thrown = { value: unknown };

const defaultThrowHandler = transferHandlers.get('throw') as
  TransferHandler<Thrown, unknown> | undefined;

if (defaultThrowHandler && !(defaultThrowHandler as { lens?: boolean }).lens) {
  const handler: TransferHandler<Thrown, SerializedError> & { lens: true } = {
    lens: true,
    canHandle: (value: unknown): value is Thrown => defaultThrowHandler.canHandle(value),
    serialize: ({ value }) => [serializeError(value), []],
    deserialize: (s) => {
      throw deserializeError(s);
    },
  };
  transferHandlers.set('throw', handler as TransferHandler<unknown, unknown>);
}

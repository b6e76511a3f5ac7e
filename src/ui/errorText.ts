/** A failed task's error in the user's language. */
import { translate } from '../i18n/index.ts';
import { describeError } from '../workers/client.ts';

export function errorText(err: unknown): string {
  const d = describeError(err);
  return translate(d.code, d.params);
}

/**
 * A one-time message carried across a navigation, e.g. "Deleted “Demo shop — orders”"
 * shown on the Data page after a dataset was deleted from its own page. Stored as a
 * message key + params so it follows a language switch.
 */
import type { MessageKey } from '../i18n/index.ts';

export interface Flash {
  key: MessageKey;
  params: Record<string, string | number>;
}

const state = $state<{ current: Flash | null }>({ current: null });

export function flash(): { current: Flash | null } {
  return state;
}

export function setFlash(key: MessageKey, params: Record<string, string | number> = {}): void {
  state.current = { key, params };
}

export function clearFlash(): void {
  state.current = null;
}

export * from './define.ts';
export type { MessageKey } from './catalogue.ts';
export {
  t,
  translate,
  getLocale,
  setLocale,
  formatNumber,
  formatDate,
  formatDateTime,
  formatBytes,
} from './locale.svelte.ts';

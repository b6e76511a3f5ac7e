/** Words for how a file was read, in the user's language. */
import type { Dialect } from '../../../core/ingest/types.ts';
import { translate } from '../../../i18n/index.ts';

const DELIMITER_KEYS: Record<string, string> = {
  ',': 'comma',
  '\t': 'tab',
  ';': 'semicolon',
  '|': 'pipe',
};

export function delimiterLabel(delimiter: string): string {
  const key = DELIMITER_KEYS[delimiter];
  return key ? translate(`import.delimiter.${key}`) : `“${delimiter}”`;
}

/** "Comma-separated" for delimited text, else the format's name. */
export function dialectLabel(dialect: Dialect): string {
  return dialect.format === 'delimited'
    ? delimiterLabel(dialect.delimiter)
    : translate(`import.format.${dialect.format}`);
}

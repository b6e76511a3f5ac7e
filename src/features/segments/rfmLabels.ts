/**
 * Names, descriptions, actions and colours of grid segments as the Segments page shows
 * them. A segment with the user's own label uses that label; the default segments are
 * named by the catalogue (rfm.segment.<key>.*).
 */
import { DEFAULT_SEGMENT_KEYS, type GridSegment } from '../../core/rfm/grid.ts';
import { t, translate } from '../../i18n/index.ts';

const DEFAULT_KEYS: ReadonlySet<string> = new Set(DEFAULT_SEGMENT_KEYS);

export function isDefaultKey(key: string): boolean {
  return DEFAULT_KEYS.has(key);
}

export function segmentName(segment: GridSegment): string {
  if (segment.label) return segment.label;
  if (isDefaultKey(segment.key)) return translate(`rfm.segment.${segment.key}.name`);
  return segment.key;
}

export function segmentDescription(segment: GridSegment): string {
  if (isDefaultKey(segment.key)) return translate(`rfm.segment.${segment.key}.description`);
  return t('segments.summary.ownSegment', { name: segmentName(segment) });
}

export function segmentActions(segment: GridSegment): string {
  if (isDefaultKey(segment.key)) return translate(`rfm.segment.${segment.key}.actions`);
  return '';
}

/**
 * Distinct swatch colours (readable with dark text in both themes); beyond them the
 * colours repeat, and every cell also names its segment in text.
 */
const SWATCHES = [
  '#8ecae6',
  '#ffb703',
  '#90be6d',
  '#f4a261',
  '#cdb4db',
  '#e9c46a',
  '#84a59d',
  '#f28482',
  '#a8dadc',
  '#bde0fe',
  '#d4a373',
  '#c1c1c1',
  '#b5e48c',
  '#ffafcc',
];

export function segmentColour(index: number): string {
  return SWATCHES[((index % SWATCHES.length) + SWATCHES.length) % SWATCHES.length];
}

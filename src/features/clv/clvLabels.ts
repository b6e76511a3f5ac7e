/**
 * How the lifetime-value page (and the customer columns it adds) words things: value
 * tiers, model and parameter names, time units, errors.
 */
import type { CellValue } from '../../core/table/index.ts';
import type { ModelName, TimeUnit } from '../../core/clv/types.ts';
import { formatNumber, t, translate } from '../../i18n/index.ts';

/** Tier 1, 2, 3 (as stored) → "Top 20 %", "Next 30 %", "Other 50 %"; anything else as is. */
export function tierLabel(value: Exclude<CellValue, null>): string {
  const tier = typeof value === 'number' ? value : Number(value);
  if (tier === 1 || tier === 2 || tier === 3) return translate(`clvPage.tier.${tier}`);
  return String(value);
}

export function modelLabel(name: ModelName): string {
  return translate(`clvPage.model.${name}`);
}

export function unitLabel(unit: TimeUnit, plural = true): string {
  return translate(plural ? `clvPage.unit.${unit}s` : `clvPage.unit.${unit}`);
}

/** Greek letters where the papers write them (alpha → α). */
const SYMBOLS: Record<string, string> = { alpha: 'α', beta: 'β', gamma: 'γ' };

export function paramSymbol(name: string): string {
  return SYMBOLS[name] ?? name;
}

/** A parameter value: 4 significant digits (they range from 0.0x to hundreds). */
export function formatParam(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return formatNumber(value, { maximumSignificantDigits: 4 });
}

/** A money amount with 2 decimals. */
export function formatMoney(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return formatNumber(value, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Purchases (expected or counted) with up to 2 decimals. */
export function formatPurchases(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return formatNumber(value, { maximumFractionDigits: 2 });
}

/** "yes" / "no" in the user's language. */
export function yesNo(value: boolean): string {
  return value ? t('clvPage.yes') : t('clvPage.no');
}

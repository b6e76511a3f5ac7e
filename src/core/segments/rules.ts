/**
 * Rule-based segments over any profile or attribute column: conditions combined in
 * AND / OR groups, nested to any depth, e.g.
 *   { op: 'and', items: [ age between 25 and 34, city_tier = 'tier 1', monetary > 500 ] }.
 * A missing value never satisfies a comparison (only `missing` matches it), like SQL.
 */
import { LensError } from '../errors.ts';
import { findColumn, isNullAt, type Column, type Table } from '../table/index.ts';

export type NumericOperator = '>' | '>=' | '<' | '<=' | '=' | '!=' | 'between';
export type TextOperator = 'is' | 'isNot' | 'in' | 'notIn' | 'contains';
export type RuleOperator = NumericOperator | TextOperator | 'missing' | 'present';

export interface RuleCondition {
  column: string;
  op: RuleOperator;
  /** Numbers for numeric and date columns (dates as epoch ms); text for dict columns. */
  value?: number | string;
  /** Upper bound of `between` (inclusive). */
  value2?: number;
  /** Values of `in` / `notIn`. */
  values?: string[];
}

export interface RuleGroup {
  op: 'and' | 'or';
  items: (RuleCondition | RuleGroup)[];
}

export const NUMERIC_OPERATORS: readonly NumericOperator[] = [
  '>',
  '>=',
  '<',
  '<=',
  '=',
  '!=',
  'between',
];
export const TEXT_OPERATORS: readonly TextOperator[] = ['is', 'isNot', 'in', 'notIn', 'contains'];

export function isGroup(item: RuleCondition | RuleGroup): item is RuleGroup {
  return 'items' in item;
}

/** The first problem of a rule against a table, as a LensError (missing column, wrong operator, missing value). */
export function validateRule(rule: RuleGroup, table: Table): void {
  if (rule.op !== 'and' && rule.op !== 'or') throw new LensError('error.rule.group');
  for (const item of rule.items) {
    if (isGroup(item)) {
      validateRule(item, table);
      continue;
    }
    const column = findColumn(table, item.column);
    if (!column) throw new LensError('error.rule.column', { column: item.column });
    if (item.op === 'missing' || item.op === 'present') continue;
    const numeric = column.type !== 'dict';
    if (numeric) {
      if (!NUMERIC_OPERATORS.includes(item.op as NumericOperator)) {
        throw new LensError('error.rule.operator', { column: item.column, op: item.op });
      }
      if (typeof item.value !== 'number' || !Number.isFinite(item.value)) {
        throw new LensError('error.rule.value', { column: item.column });
      }
      if (
        item.op === 'between' &&
        (typeof item.value2 !== 'number' || !Number.isFinite(item.value2))
      ) {
        throw new LensError('error.rule.value', { column: item.column });
      }
    } else {
      if (!TEXT_OPERATORS.includes(item.op as TextOperator)) {
        throw new LensError('error.rule.operator', { column: item.column, op: item.op });
      }
      if ((item.op === 'in' || item.op === 'notIn') && !Array.isArray(item.values)) {
        throw new LensError('error.rule.value', { column: item.column });
      }
      if (
        (item.op === 'is' || item.op === 'isNot' || item.op === 'contains') &&
        typeof item.value !== 'string'
      ) {
        throw new LensError('error.rule.value', { column: item.column });
      }
    }
  }
}

function conditionMask(table: Table, c: RuleCondition): Uint8Array {
  const column = findColumn(table, c.column) as Column;
  const n = table.rowCount;
  const out = new Uint8Array(n);
  if (c.op === 'missing' || c.op === 'present') {
    const want = c.op === 'missing';
    for (let i = 0; i < n; i++) out[i] = isNullAt(column.nulls, i) === want ? 1 : 0;
    return out;
  }
  if (column.type === 'dict') {
    // Decide once per dictionary entry, then look codes up.
    const needle = typeof c.value === 'string' ? c.value : '';
    const set = new Set(c.values ?? []);
    const match = column.dictionary.map((text) => {
      switch (c.op) {
        case 'is':
          return text === needle;
        case 'isNot':
          return text !== needle;
        case 'in':
          return set.has(text);
        case 'notIn':
          return !set.has(text);
        case 'contains':
          return text.toLowerCase().includes(needle.toLowerCase());
        default:
          return false;
      }
    });
    for (let i = 0; i < n; i++)
      out[i] = !isNullAt(column.nulls, i) && match[column.codes[i]] ? 1 : 0;
    return out;
  }
  const a = c.value as number;
  const b = c.value2 ?? a;
  const values = column.values;
  const test: (v: number) => boolean =
    c.op === '>'
      ? (v) => v > a
      : c.op === '>='
        ? (v) => v >= a
        : c.op === '<'
          ? (v) => v < a
          : c.op === '<='
            ? (v) => v <= a
            : c.op === '='
              ? (v) => v === a
              : c.op === '!='
                ? (v) => v !== a
                : (v) => v >= Math.min(a, b) && v <= Math.max(a, b);
  for (let i = 0; i < n; i++) out[i] = !isNullAt(column.nulls, i) && test(values[i]) ? 1 : 0;
  return out;
}

/** 1 for each row the rule selects. An empty AND group selects everyone, an empty OR group no one. */
export function evaluateRule(rule: RuleGroup, table: Table): Uint8Array {
  validateRule(rule, table);
  return evaluateValid(rule, table);
}

function evaluateValid(rule: RuleGroup, table: Table): Uint8Array {
  const n = table.rowCount;
  const out = new Uint8Array(n).fill(rule.op === 'and' ? 1 : 0);
  for (const item of rule.items) {
    const mask = isGroup(item) ? evaluateValid(item, table) : conditionMask(table, item);
    if (rule.op === 'and') for (let i = 0; i < n; i++) out[i] &= mask[i];
    else for (let i = 0; i < n; i++) out[i] |= mask[i];
  }
  return out;
}

export function countMask(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  return n;
}

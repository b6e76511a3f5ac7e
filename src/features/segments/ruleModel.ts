/**
 * Pure helpers of the rule builder: which profile columns a rule can use and how their
 * values are typed in (numbers, percentages for share columns, calendar days for dates,
 * dictionary values for text), which operators fit a column, how a condition changes when
 * its column or operator changes, and what a selection is worth.
 *
 * Values typed in the builder are converted to what src/core/segments/rules.ts compares:
 * - share columns (0…1 in the table) are typed as percentages: 25 % is stored as 0.25;
 * - date columns are typed as calendar days (UTC) and stored as epoch ms: the start of the
 *   day for lower bounds (>=, the start of between), the end of the day (23:59:59.999) for
 *   upper bounds (<=, the end of between) and for "after" (>), so "on or before 1 March"
 *   includes orders made during 1 March. `=` and `!=` are not offered for dates, since
 *   dates carry a time of day.
 */
import {
  NUMERIC_OPERATORS,
  TEXT_OPERATORS,
  isGroup,
  type RuleCondition,
  type RuleGroup,
  type RuleOperator,
} from '../../core/segments/rules.ts';
import { PROFILE_COLUMNS, TIME_OF_DAY } from '../../core/customers/profiles.ts';
import { isNullAt, type Table } from '../../core/table/index.ts';
import { CLV_PROFILE_COLUMNS } from '../clv/clvColumns.ts';

export const DAY_MS = 86_400_000;

/** How a column's value is typed in. */
export type ValueKind = 'number' | 'percent' | 'date' | 'text';

export interface RuleColumn {
  name: string;
  kind: ValueKind;
  /** Fixed profile column, category-share column or joined attribute. */
  source: 'profile' | 'share' | 'attribute';
  /** The category of a share_ column. */
  category?: string;
  /** A text column's dictionary values, sorted. */
  choices?: string[];
}

/** The parts of a profiles summary the builder needs (ProfileSummary has both). */
export interface RuleColumnsSummary {
  attributes?: { name: string }[];
  categoryShares?: { column: string; category: string }[];
}

const KNOWN_PROFILE_COLUMNS: ReadonlySet<string> = new Set([
  ...PROFILE_COLUMNS,
  ...TIME_OF_DAY.map((part) => `${part}_share`),
  ...CLV_PROFILE_COLUMNS,
]);

const PROFILE_SHARES: ReadonlySet<string> = new Set([
  'weekend_share',
  'p_alive',
  ...TIME_OF_DAY.map((part) => `${part}_share`),
]);

const collator = new Intl.Collator(undefined, { numeric: true });

/** Every column of the profiles a rule can use: all but customer_id, in table order. */
export function ruleColumns(table: Table, summary: RuleColumnsSummary = {}): RuleColumn[] {
  const attributes = new Set((summary.attributes ?? []).map((a) => a.name));
  const shares = new Map((summary.categoryShares ?? []).map((s) => [s.column, s.category]));
  const out: RuleColumn[] = [];
  for (const column of table.columns) {
    if (column.name === 'customer_id') continue;
    const isAttribute = attributes.has(column.name);
    const category =
      shares.get(column.name) ??
      (!isAttribute && column.name.startsWith('share_') ? column.name.slice(6) : undefined);
    const source = isAttribute ? 'attribute' : category !== undefined ? 'share' : 'profile';
    if (column.type === 'dict') {
      out.push({
        name: column.name,
        kind: 'text',
        source,
        choices: [...column.dictionary].sort(collator.compare),
      });
      continue;
    }
    const kind: ValueKind =
      column.type === 'date'
        ? 'date'
        : source === 'share' || (source === 'profile' && PROFILE_SHARES.has(column.name))
          ? 'percent'
          : 'number';
    out.push({
      name: column.name,
      kind,
      source,
      ...(source === 'share' ? { category } : {}),
    });
  }
  return out;
}

type Translate = (key: string, params?: Record<string, string | number>) => string;

/** A column's label: the profile vocabulary for known profile columns, else its own name. */
export function columnLabel(column: RuleColumn, translate: Translate): string {
  if (column.source === 'share') {
    return translate('profile.column.share', { category: column.category ?? column.name });
  }
  if (column.source === 'profile' && KNOWN_PROFILE_COLUMNS.has(column.name)) {
    return translate(`profile.column.${column.name}`);
  }
  return column.name;
}

const DATE_OPERATORS: readonly RuleOperator[] = ['>', '>=', '<', '<=', 'between'];

/** The operators that fit a column, comparisons first, then missing / present. */
export function operatorsFor(kind: ValueKind): readonly RuleOperator[] {
  const compare: readonly RuleOperator[] =
    kind === 'text' ? TEXT_OPERATORS : kind === 'date' ? DATE_OPERATORS : NUMERIC_OPERATORS;
  return [...compare, 'missing', 'present'];
}

const OP_NAMES: Record<RuleOperator, string> = {
  '>': 'gt',
  '>=': 'gte',
  '<': 'lt',
  '<=': 'lte',
  '=': 'eq',
  '!=': 'neq',
  between: 'between',
  is: 'is',
  isNot: 'isNot',
  in: 'in',
  notIn: 'notIn',
  contains: 'contains',
  missing: 'missing',
  present: 'present',
};

/** The message key of an operator's words ("greater than", "on or before"…). */
export function operatorKey(op: RuleOperator, kind: ValueKind): string {
  const name = OP_NAMES[op] ?? String(op);
  if (kind === 'date' && ['gt', 'gte', 'lt', 'lte', 'between'].includes(name)) {
    return `segmentRules.op.date.${name}`;
  }
  return `segmentRules.op.${name}`;
}

/** Whether an operator takes no value, one value, two (between) or a list. */
export function operatorArity(op: RuleOperator): 'none' | 'one' | 'two' | 'list' {
  if (op === 'missing' || op === 'present') return 'none';
  if (op === 'between') return 'two';
  if (op === 'in' || op === 'notIn') return 'list';
  return 'one';
}

/** A new condition on a column: "greater than" for numbers and dates, "is" for text, no value yet. */
export function newCondition(column: RuleColumn): RuleCondition {
  return { column: column.name, op: column.kind === 'text' ? 'is' : '>' };
}

/** The condition on another column: the operator is kept when it fits, values are cleared. */
export function withColumn(condition: RuleCondition, column: RuleColumn): RuleCondition {
  const op = operatorsFor(column.kind).includes(condition.op)
    ? condition.op
    : newCondition(column).op;
  return op === 'in' || op === 'notIn'
    ? { column: column.name, op, values: [] }
    : { column: column.name, op };
}

/** The condition with another operator, keeping what still makes sense of its values. */
export function withOperator(
  condition: RuleCondition,
  op: RuleOperator,
  kind: ValueKind,
): RuleCondition {
  const arity = operatorArity(op);
  const base = { column: condition.column, op };
  if (arity === 'none') return base;
  if (kind === 'text') {
    if (arity === 'list') {
      const values =
        condition.values ?? (typeof condition.value === 'string' ? [condition.value] : []);
      return { ...base, values: [...values] };
    }
    const value = typeof condition.value === 'string' ? condition.value : condition.values?.[0];
    return value === undefined ? base : { ...base, value };
  }
  if (typeof condition.value !== 'number') return base;
  if (kind === 'date') {
    // Day-based bounds: re-anchor the day to the new operator's end of the day.
    const day = dateToInput(condition.value);
    const value = inputToDate(day, op, 'value');
    if (value === undefined) return base;
    if (arity === 'two') {
      const upper =
        typeof condition.value2 === 'number'
          ? inputToDate(dateToInput(condition.value2), op, 'value2')
          : undefined;
      return upper === undefined ? { ...base, value } : { ...base, value, value2: upper };
    }
    return { ...base, value };
  }
  if (arity === 'two' && typeof condition.value2 === 'number') {
    return { ...base, value: condition.value, value2: condition.value2 };
  }
  return { ...base, value: condition.value };
}

/** Rounds away binary noise (0.07 × 100 = 7.000000000000001). */
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

/** A stored number as typed in the number input: shares as percentages; null when unset. */
export function numberToInput(kind: ValueKind, stored: number | undefined): number | null {
  if (typeof stored !== 'number' || !Number.isFinite(stored)) return null;
  return kind === 'percent' ? tidy(stored * 100) : stored;
}

/** A number input's value as stored: percentages back to shares; undefined when empty. */
export function inputToNumber(
  kind: ValueKind,
  input: number | null | undefined,
): number | undefined {
  if (typeof input !== 'number' || !Number.isFinite(input)) return undefined;
  return kind === 'percent' ? tidy(input / 100) : input;
}

/** Epoch ms → the UTC calendar day 'YYYY-MM-DD' a date input shows ('' when unset). */
export function dateToInput(ms: number | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '';
  const d = new Date(Math.floor(ms / DAY_MS) * DAY_MS);
  const y = d.getUTCFullYear();
  if (y < 0 || y > 9999) return '';
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${String(y).padStart(4, '0')}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * A date input's day as the epoch ms a condition compares with: the start of the UTC day,
 * or its last millisecond for "on or before" (<=), "after" (>) and the end of "between".
 */
export function inputToDate(
  text: string,
  op: RuleOperator,
  which: 'value' | 'value2',
): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const start = Date.UTC(y, mo - 1, d);
  const check = new Date(start);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    return undefined;
  }
  const endOfDay = which === 'value2' || op === '<=' || op === '>';
  return endOfDay ? start + DAY_MS - 1 : start;
}

/** Number of conditions in a rule, nested groups included. */
export function countConditions(rule: RuleGroup): number {
  let n = 0;
  for (const item of rule.items) n += isGroup(item) ? countConditions(item) : 1;
  return n;
}

/** A group's items with item `index` replaced (immutable update). */
export function replaceItem(
  group: RuleGroup,
  index: number,
  item: RuleCondition | RuleGroup,
): RuleGroup {
  return { op: group.op, items: group.items.map((old, i) => (i === index ? item : old)) };
}

export function removeItem(group: RuleGroup, index: number): RuleGroup {
  return { op: group.op, items: group.items.filter((_, i) => i !== index) };
}

export function appendItem(group: RuleGroup, item: RuleCondition | RuleGroup): RuleGroup {
  return { op: group.op, items: [...group.items, item] };
}

export interface Selection {
  customers: number;
  /** customers / all customers (0 when the table is empty). */
  customerShare: number;
  /** Sum of net_spend of the selected customers (missing values count 0); NaN without net_spend. */
  revenue: number;
  /** revenue / the sum over all customers; NaN when that is not positive. */
  revenueShare: number;
}

/** What the customers a rule selects are worth. */
export function selectionOf(table: Table, mask: Uint8Array): Selection {
  let customers = 0;
  for (let i = 0; i < mask.length; i++) customers += mask[i];
  const spend = table.columns.find((c) => c.name === 'net_spend');
  let revenue = NaN;
  let total = NaN;
  if (spend && spend.type !== 'dict') {
    revenue = 0;
    total = 0;
    for (let i = 0; i < table.rowCount; i++) {
      if (isNullAt(spend.nulls, i)) continue;
      const v = spend.values[i];
      total += v;
      if (mask[i]) revenue += v;
    }
  }
  return {
    customers,
    customerShare: table.rowCount > 0 ? customers / table.rowCount : 0,
    revenue,
    revenueShare: total > 0 ? revenue / total : NaN,
  };
}

/** The customer ids (customer_id column) of the selected rows. */
export function selectedCustomerIds(table: Table, mask: Uint8Array): string[] {
  const column = table.columns.find((c) => c.name === 'customer_id');
  if (!column) return [];
  const ids: string[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    if (!mask[i] || isNullAt(column.nulls, i)) continue;
    ids.push(
      column.type === 'dict' ? column.dictionary[column.codes[i]] : String(column.values[i]),
    );
  }
  return ids;
}

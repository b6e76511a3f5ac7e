/**
 * How datasets are named on screen. The demo generator stores neutral English names;
 * as long as the user has not renamed a demo dataset, it is shown in the current language.
 */
import type { ColumnRole, ColumnType } from '../../core/table/index.ts';
import type { DatasetKind, DatasetRecord } from '../../store/types.ts';
import { t, type MessageKey } from '../../i18n/index.ts';
import dataMessages from '../../i18n/messages/data.ts';

const DEMO_NAME_KEYS: Record<DatasetKind, MessageKey> = {
  transactions: 'data.demo.transactions',
  customers: 'data.demo.customers',
  baskets: 'data.demo.baskets',
  results: 'data.demo.results',
};

/** Names the demo may carry before anyone renames it: ours in both languages, and the generator's. */
function isDefaultDemoName(ds: DatasetRecord): boolean {
  const key = DEMO_NAME_KEYS[ds.kind] as keyof typeof dataMessages.en;
  const name = ds.name.trim().toLowerCase();
  if (!key) return false;
  if (name === dataMessages.en[key].toLowerCase()) return true;
  if (name === dataMessages['zh-CN'][key].toLowerCase()) return true;
  // The generator's own wording, e.g. "Demo shop — transactions", "demo transactions".
  return /^demo\b/.test(name) && name.includes(ds.kind);
}

export function isDemoDataset(ds: DatasetRecord): boolean {
  return ds.source?.generator?.name === 'demo';
}

export function datasetName(ds: DatasetRecord): string {
  if (isDemoDataset(ds) && isDefaultDemoName(ds)) return t(DEMO_NAME_KEYS[ds.kind]);
  return ds.name;
}

const KIND_KEYS: Record<DatasetKind, MessageKey> = {
  transactions: 'data.kind.transactions',
  customers: 'data.kind.customers',
  baskets: 'data.kind.baskets',
  results: 'data.kind.results',
};

export function kindLabel(kind: DatasetKind): string {
  return KIND_KEYS[kind] ? t(KIND_KEYS[kind]) : kind;
}

const TYPE_KEYS: Record<ColumnType, MessageKey> = {
  f64: 'data.type.f64',
  i32: 'data.type.i32',
  dict: 'data.type.dict',
  date: 'data.type.date',
};

export function typeLabel(type: ColumnType): string {
  return TYPE_KEYS[type] ? t(TYPE_KEYS[type]) : type;
}

const ROLE_KEYS: Record<ColumnRole, MessageKey> = {
  customerId: 'data.role.customerId',
  orderId: 'data.role.orderId',
  orderDate: 'data.role.orderDate',
  amount: 'data.role.amount',
  quantity: 'data.role.quantity',
  unitPrice: 'data.role.unitPrice',
  productId: 'data.role.productId',
  productName: 'data.role.productName',
  category: 'data.role.category',
  channel: 'data.role.channel',
  region: 'data.role.region',
  gender: 'data.role.gender',
  age: 'data.role.age',
  income: 'data.role.income',
  email: 'data.role.email',
  phone: 'data.role.phone',
  name: 'data.role.name',
  attribute: 'data.role.attribute',
  ignore: 'data.role.ignore',
};

export function roleLabel(role: ColumnRole): string {
  return ROLE_KEYS[role] ? t(ROLE_KEYS[role]) : role;
}

/** A file name for an export: the dataset's name without characters file systems reject. */
export function exportFileName(name: string): string {
  const printable = Array.from(name, (ch) => (ch.charCodeAt(0) < 32 ? ' ' : ch)).join('');
  const safe = printable
    .replace(/[\\/:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  return `${safe || 'dataset'}.csv`;
}

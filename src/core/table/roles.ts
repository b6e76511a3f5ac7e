/** What a column means to the analyses (set by the import mapping, or by the demo generator). */
export const COLUMN_ROLES = [
  'customerId',
  'orderId',
  'orderDate',
  'amount',
  'quantity',
  'unitPrice',
  'productId',
  'productName',
  'category',
  'channel',
  'region',
  'gender',
  'age',
  'income',
  'email',
  'phone',
  'name',
  'attribute',
  'ignore',
] as const;

export type ColumnRole = (typeof COLUMN_ROLES)[number];

import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inferColumn, type InferredColumn } from '../../src/core/ingest/infer.ts';
import {
  guessRoles,
  headerSignature,
  normaliseHeader,
  roleTypeFor,
  type RoleInput,
} from '../../src/core/ingest/roles.ts';
import type { ValueType } from '../../src/core/ingest/types.ts';
import type { ColumnRole } from '../../src/core/table/index.ts';

const DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

/** A column whose type is given (the header decides most roles). */
function col(name: string, type: ValueType, distinct: string[] = []): RoleInput {
  const guess: InferredColumn = { name, type, fit: 1 };
  return { name, guess, distinct };
}

/** A column typed from its values, as the pipeline does. */
function typed(name: string, cells: string[]): RoleInput {
  const counts = new Map<string, number>();
  for (const c of cells) counts.set(c, (counts.get(c) ?? 0) + 1);
  const distinct = [...counts.keys()];
  return { name, guess: inferColumn(name, distinct, [...counts.values()]), distinct };
}

const roles = (columns: RoleInput[]): ColumnRole[] => guessRoles(columns).map((g) => g.role);

/** Splits CSV lines with quoted fields (enough for the sample files' first rows). */
function csvRows(text: string, limit: number): string[][] {
  const rows: string[][] = [];
  for (const line of text.split('\n', limit + 1)) {
    if (line.trim() === '') continue;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') {
          field += '"';
          i++;
        } else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') {
        fields.push(field);
        field = '';
      } else if (c !== '\r') field += c;
    }
    fields.push(field);
    rows.push(fields);
  }
  return rows;
}

/** Header, inferred types and roles of the first rows of a real file. */
function sampleFile(
  path: string,
  rows = 5000,
): { name: string; type: ValueType; role: ColumnRole }[] {
  // The first 2 MB hold more than `rows` lines of every sample file; the cut line is dropped.
  const fd = openSync(DATA + path, 'r');
  const bytes = new Uint8Array(2 << 20);
  const n = readSync(fd, bytes, 0, bytes.length, 0);
  closeSync(fd);
  const text = new TextDecoder().decode(bytes.subarray(0, n));
  const whole = n < bytes.length ? text : text.slice(0, text.lastIndexOf('\n'));
  const [header, ...data] = csvRows(whole, rows + 1);
  const inputs = header.map((name, j) =>
    typed(
      name,
      data.map((r) => r[j] ?? ''),
    ),
  );
  const guessed = guessRoles(inputs);
  return inputs.map((c, j) => ({ name: c.name, type: c.guess.type, role: guessed[j].role }));
}

const haveData = existsSync(DATA);

describe('guessRoles on the real files', () => {
  it.skipIf(!haveData)('Online Retail: the eight columns get their roles', () => {
    expect(sampleFile('online_retail/online_retail.csv')).toEqual([
      { name: 'InvoiceNo', type: 'integer', role: 'orderId' },
      { name: 'StockCode', type: 'string', role: 'productId' },
      { name: 'Description', type: 'string', role: 'productName' },
      { name: 'Quantity', type: 'integer', role: 'quantity' },
      { name: 'InvoiceDate', type: 'datetime', role: 'orderDate' },
      { name: 'UnitPrice', type: 'decimal', role: 'unitPrice' },
      { name: 'CustomerID', type: 'integer', role: 'customerId' },
      { name: 'Country', type: 'category', role: 'region' },
    ]);
  });

  it.skipIf(!haveData)('Telco churn: customer id and gender; yes/no columns are booleans', () => {
    const got = sampleFile('telco_churn/telco_churn.csv');
    const byName = Object.fromEntries(got.map((c) => [c.name, c]));
    expect(byName.customerID).toEqual({ name: 'customerID', type: 'string', role: 'customerId' });
    expect(byName.gender).toEqual({ name: 'gender', type: 'category', role: 'gender' });
    expect(byName.Churn).toEqual({ name: 'Churn', type: 'boolean', role: 'attribute' });
    expect(byName.PhoneService.role).toBe('attribute');
    expect(byName.PaymentMethod.role).toBe('attribute');
    expect(byName.tenure).toEqual({ name: 'tenure', type: 'integer', role: 'attribute' });
    expect(byName.TotalCharges).toEqual({ name: 'TotalCharges', type: 'decimal', role: 'amount' });
    expect(got.filter((c) => c.role !== 'attribute').map((c) => c.name)).toEqual([
      'customerID',
      'gender',
      'TotalCharges',
    ]);
  });

  it.skipIf(!haveData)('Mall customers: zero-padded ids stay text, Genre is the gender', () => {
    expect(sampleFile('mall_customers/mall_customers.csv')).toEqual([
      { name: 'CustomerID', type: 'string', role: 'customerId' },
      { name: 'Genre', type: 'category', role: 'gender' },
      { name: 'Age', type: 'integer', role: 'age' },
      { name: 'Annual Income (k$)', type: 'integer', role: 'income' },
      { name: 'Spending Score (1-100)', type: 'integer', role: 'attribute' },
    ]);
  });

  it.skipIf(!haveData)('grocery elog: cust and date', () => {
    expect(sampleFile('grocery_elog/grocery_elog.csv')).toEqual([
      { name: 'cust', type: 'integer', role: 'customerId' },
      { name: 'date', type: 'date', role: 'orderDate' },
    ]);
  });
});

describe('guessRoles from headers', () => {
  it('reads the Online Retail header row', () => {
    expect(
      roles([
        col('InvoiceNo', 'integer'),
        col('StockCode', 'string'),
        col('Description', 'string'),
        col('Quantity', 'integer'),
        col('InvoiceDate', 'datetime'),
        col('UnitPrice', 'decimal'),
        col('CustomerID', 'integer'),
        col('Country', 'category'),
      ]),
    ).toEqual([
      'orderId',
      'productId',
      'productName',
      'quantity',
      'orderDate',
      'unitPrice',
      'customerId',
      'region',
    ]);
  });

  it('reads Chinese headers', () => {
    expect(
      roles([
        col('客户ID', 'string'),
        col('订单号', 'string'),
        col('下单日期', 'date'),
        col('实付金额', 'decimal'),
        col('数量', 'integer'),
        col('单价', 'decimal'),
        col('商品', 'string'),
        col('品类', 'category'),
        col('渠道', 'category'),
        col('城市', 'category'),
        col('性别', 'category'),
        col('年龄', 'integer'),
        col('收入', 'decimal'),
        col('邮箱', 'string'),
        col('手机', 'string'),
        col('姓名', 'string'),
      ]),
    ).toEqual([
      'customerId',
      'orderId',
      'orderDate',
      'amount',
      'quantity',
      'unitPrice',
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
    ]);
  });

  it('normalises case, spaces, separators and full-width letters', () => {
    for (const n of [
      'Customer ID',
      'customer_id',
      'CUSTOMER-ID',
      'ｃｕｓｔｏｍｅｒＩＤ',
      ' Customer.Id ',
      'client id',
      'Member ID',
      '会员ID',
      '客户编号',
      '顾客编号',
      '用户ID',
    ])
      expect(roles([col(n, 'string')]), n).toEqual(['customerId']);
    expect(normaliseHeader('Ｏｒｄｅｒ　Ｎｏ．')).toBe('orderno');
    expect(normaliseHeader('Annual Income (k$)')).toBe('annualincomek');
  });

  const synonyms: [ColumnRole, ValueType, string[]][] = [
    [
      'customerId',
      'string',
      [
        'cust',
        'customerid',
        'client id',
        'member id',
        '会员ID',
        '客户ID',
        '客户编号',
        '顾客编号',
        '用户ID',
      ],
    ],
    [
      'orderId',
      'string',
      ['invoice', 'invoiceno', 'order id', 'Order No', '订单号', '订单编号', '单号'],
    ],
    [
      'orderDate',
      'datetime',
      [
        'order date',
        'invoicedate',
        'date',
        'purchase date',
        '下单日期',
        '订单日期',
        '日期',
        '交易时间',
        '支付时间',
      ],
    ],
    [
      'amount',
      'decimal',
      [
        'amount',
        'total',
        'revenue',
        'sales',
        '金额',
        '实付金额',
        '订单金额',
        '销售额',
        'dollar_value',
      ],
    ],
    ['quantity', 'integer', ['quantity', 'qty', '数量', '件数', 'number_of_cds']],
    ['unitPrice', 'decimal', ['unit price', 'price', '单价', '价格']],
    ['productId', 'string', ['stockcode', 'sku', 'product id', '商品编号', '商品ID']],
    [
      'productName',
      'string',
      ['description', 'product', 'product name', 'item', '商品', '商品名称', '品名'],
    ],
    ['category', 'category', ['category', '品类', '类别', '类目', 'Product Category', '商品类别']],
    ['channel', 'category', ['channel', '渠道', '来源']],
    [
      'region',
      'category',
      [
        'country',
        'region',
        'city',
        'state',
        'province',
        '地区',
        '城市',
        '省份',
        '国家',
        '区域',
        'Shipping Country',
      ],
    ],
    ['gender', 'category', ['gender', 'sex', '性别']],
    ['age', 'integer', ['age', '年龄', 'age band']],
    ['income', 'decimal', ['income', 'annual income', '收入', '年收入', 'Annual Income (k$)']],
    ['email', 'string', ['email', 'e-mail', 'E-Mail Address', '邮箱']],
    ['phone', 'string', ['phone', 'mobile', 'tel', '手机', '电话', 'Phone Number']],
    ['name', 'string', ['name', 'customer name', '姓名', '名字']],
  ];
  it.each(synonyms)('%s from its usual names', (role, type, names) => {
    for (const n of names) expect(roles([col(n, type)]), n).toEqual([role]);
  });

  it('explains header matches', () => {
    expect(guessRoles([col('InvoiceNo', 'integer'), col('Shipping Country', 'category')])).toEqual([
      {
        role: 'orderId',
        reason: {
          code: 'import.role.reason.header',
          params: { name: 'InvoiceNo', role: 'orderId' },
        },
      },
      {
        role: 'region',
        reason: {
          code: 'import.role.reason.headerPart',
          params: { name: 'Shipping Country', keyword: 'country', role: 'region' },
        },
      },
    ]);
  });

  it('prefers the head noun of a compound name', () => {
    expect(roles([col('商品类别', 'category')])).toEqual(['category']);
    expect(roles([col('Total Quantity', 'integer')])).toEqual(['quantity']);
    expect(roles([col('商品单价', 'decimal')])).toEqual(['unitPrice']);
  });

  it('gives a role only to a column whose type suits it', () => {
    const [g] = guessRoles([col('amount', 'string')]);
    expect(g).toEqual({
      role: 'attribute',
      reason: {
        code: 'import.role.reason.typeMismatch',
        params: { name: 'amount', role: 'amount', type: 'string' },
      },
    });
    expect(roles([col('date', 'string')])).toEqual(['attribute']);
    expect(roles([col('PhoneService', 'boolean')])).toEqual(['attribute']);
    expect(roles([col('Spending Score (1-100)', 'integer')])).toEqual(['attribute']);
    // 'Genre' is gender only when the values are gender codes
    expect(roles([col('Genre', 'category', ['Rock', 'Jazz', 'Pop'])])).toEqual(['attribute']);
    expect(roles([col('Genre', 'category', ['Male', 'Female'])])).toEqual(['gender']);
  });

  it('keeps unique roles for the best column; the others fall back', () => {
    const got = guessRoles([
      col('total', 'decimal'),
      col('amount', 'decimal'),
      col('Date', 'date'),
      col('Order Date', 'date'),
      col('Customer', 'string'),
      col('Customer ID', 'string'),
      col('City', 'category'),
      col('Country', 'category'),
    ]);
    expect(got.map((g) => g.role)).toEqual([
      'attribute',
      'amount',
      'attribute',
      'orderDate',
      'attribute',
      'customerId',
      'region', // region is not unique
      'region',
    ]);
    expect(got[0].reason).toEqual({
      code: 'import.role.reason.taken',
      params: { name: 'total', other: 'amount' },
    });
    expect(got[4].reason).toEqual({
      code: 'import.role.reason.taken',
      params: { name: 'Customer', other: 'Customer ID' },
    });
  });

  it('lets a column that loses a unique role take its next candidate', () => {
    // 'Price Total' is first an amount ('total' ends the name), then a unit price ('price').
    expect(roles([col('Price Total', 'decimal')])).toEqual(['amount']);
    expect(roles([col('Amount', 'decimal'), col('Price Total', 'decimal')])).toEqual([
      'amount',
      'unitPrice',
    ]);
  });

  it('explains columns without a role', () => {
    expect(guessRoles([col('tenure', 'integer')])).toEqual([
      {
        role: 'attribute',
        reason: { code: 'import.role.reason.none', params: { name: 'tenure' } },
      },
    ]);
  });
});

describe('guessRoles from values (headerless files)', () => {
  it('CDNOW without a header: the YYYYMMDD column is the order date', () => {
    const cdnow = [
      typed('column1', ['00004', '00004', '00018']),
      typed('column2', ['0001', '0001', '0002']),
      typed('column3', ['19970101', '19970118', '19970802']),
      typed('column4', ['2', '2', '1']),
      typed('column5', ['29.33', '29.73', '14.96']),
    ];
    expect(cdnow.map((c) => c.guess.type)).toEqual([
      'category',
      'category',
      'date',
      'integer',
      'decimal',
    ]);
    const got = guessRoles(cdnow);
    expect(got.map((g) => g.role)).toEqual([
      'attribute',
      'attribute',
      'orderDate',
      'attribute',
      'attribute',
    ]);
    expect(got[2].reason).toEqual({
      code: 'import.role.reason.valuesDate',
      params: { name: 'column3' },
    });
  });

  it('finds e-mail, phone and gender columns by their values', () => {
    const got = guessRoles([
      typed('column1', ['ann@example.com', 'bob@example.org', 'NA', 'li.wei@example.cn']),
      typed('column2', ['+44 20 7946 0958', '0086 138 0000 1234', '(555) 123-4567']),
      typed('column3', ['13812345678', '13998765432', '15011112222']),
      typed('column4', ['M', 'F', 'F', 'M']),
      typed('column5', ['男', '女', '未知']),
      typed('column6', ['12345678', '23456789', '34567890']), // ids, not phones
      typed('column7', ['not an email', 'a@b', 'x']),
      col('column8', 'string', ['05-03-2024', '06-03-2024', '2024.03.07']), // dates, not phones
    ]);
    expect(got.map((g) => g.role)).toEqual([
      'email',
      'phone',
      'phone',
      'gender',
      'gender',
      'attribute',
      'attribute',
      'attribute',
    ]);
    expect(got[0].reason).toEqual({
      code: 'import.role.reason.valuesEmail',
      params: { percent: 100 },
    });
    expect(got[3].reason).toEqual({
      code: 'import.role.reason.valuesGender',
      params: { values: 'M, F' },
    });
  });

  it('does not make a birth or sign-up date the order date', () => {
    expect(roles([col('birth_date', 'date'), col('signup date', 'date')])).toEqual([
      'attribute',
      'attribute',
    ]);
    expect(roles([col('birth_date', 'date'), col('last purchase time', 'datetime')])).toEqual([
      'attribute',
      'orderDate',
    ]);
  });
});

describe('headerSignature and roleTypeFor', () => {
  it('signs headers by their normalised names', () => {
    expect(headerSignature(['Customer ID', 'Order Date'])).toBe(
      headerSignature(['customer_id', 'ORDER-DATE']),
    );
    expect(headerSignature(['a', 'b'])).not.toBe(headerSignature(['b', 'a']));
    expect(headerSignature(['ab'])).not.toBe(headerSignature(['a', 'b']));
  });

  it('makes ids text and leaves other roles alone', () => {
    expect(roleTypeFor('customerId', 'integer')).toBe('string');
    expect(roleTypeFor('orderId', 'decimal')).toBe('string');
    expect(roleTypeFor('productId', 'category')).toBe('category');
    expect(roleTypeFor('amount', 'decimal')).toBe('decimal');
    expect(roleTypeFor('attribute', 'date')).toBe('date');
  });
});

/**
 * Guesses what each column means (its ColumnRole) from its header and, where the header
 * says nothing, from its values.
 *
 * Headers are compared normalised: Unicode NFKC (full-width letters, digits and brackets
 * become ASCII), lower case, and everything but letters and digits removed, so
 * 'Customer ID', 'customer_id', 'CUSTOMER-ID' and 'ｃｕｓｔｏｍｅｒＩＤ' are one name.
 * A bracketed tail is ignored as well: 'Annual Income (k$)' is 'annualincome'.
 *
 * Evidence, strongest first:
 *  - the whole name is a known name of the role ('InvoiceNo', '订单号'); earlier names in a
 *    role's list score higher, so 'amount' beats 'total' for the amount role;
 *  - the name contains a keyword of the role ('ShippingCountry' holds 'country'); longer
 *    keywords win (Chinese characters count triple), and on a tie the keyword that ends
 *    the name, since the head noun comes last in both English and Chinese compounds
 *    ('商品类别' is a category, not a product name);
 *  - the values: e-mail addresses, phone numbers, gender codes; a date column becomes the
 *    order date only when its name says nothing else ('column3', '') or speaks of a date
 *    or time that is not a birth or sign-up date (a customer file's birthday must not turn
 *    it into a transaction file).
 * A role is only given to a column whose guessed type suits it (an 'amount' header over
 * text is kept as an attribute and says why).
 *
 * The roles customerId … channel describe one fact of a transaction each, so only one
 * column may hold each: candidates are assigned strongest first, and a column whose role
 * is already taken falls back to its next candidate, else to 'attribute'.
 */
import type { ColumnRole } from '../table/index.ts';
import { parseDate } from './dates.ts';
import type { InferredColumn } from './infer.ts';
import { isMissingToken } from './missing.ts';
import type { ValueType } from './types.ts';

export interface RoleReason {
  code: string;
  params?: Record<string, string | number>;
}

export interface RoleGuess {
  role: ColumnRole;
  reason: RoleReason;
}

export interface RoleInput {
  name: string;
  guess: InferredColumn;
  distinct: readonly string[];
}

export const UNIQUE_ROLES: readonly ColumnRole[] = [
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
];

interface RoleNames {
  /** Whole normalised names, best first. */
  exact: string[];
  /** Keywords that may appear inside a longer name. */
  partial: string[];
}

/** Names of each role, already normalised (lower case, letters and digits only). */
const NAMES: Partial<Record<ColumnRole, RoleNames>> = {
  customerId: {
    exact: [
      'customerid',
      'custid',
      'cust',
      'customerno',
      'customernumber',
      'customercode',
      'clientid',
      'memberid',
      'userid',
      'buyerid',
      'accountid',
      'customer',
      'client',
      'member',
      '客户id',
      '会员id',
      '顾客id',
      '用户id',
      '客户编号',
      '顾客编号',
      '会员编号',
      '用户编号',
      '客户号',
      '会员号',
      '会员卡号',
      '客户代码',
      '客户',
      '顾客',
      '会员',
      '用户',
    ],
    partial: [
      'customerid',
      'custid',
      'clientid',
      'memberid',
      'userid',
      '客户id',
      '会员id',
      '顾客id',
      '用户id',
      '客户编号',
      '顾客编号',
      '会员编号',
      '用户编号',
      '客户号',
      '会员号',
    ],
  },
  orderId: {
    exact: [
      'orderid',
      'invoiceno',
      'invoice',
      'invoiceid',
      'invoicenumber',
      'orderno',
      'ordernumber',
      'order',
      'transactionid',
      'transid',
      'txnid',
      'receiptno',
      'receiptid',
      'billno',
      '订单号',
      '订单编号',
      '单号',
      '订单id',
      '交易号',
      '交易单号',
      '流水号',
      '发票号',
      '订单',
    ],
    partial: [
      'orderid',
      'orderno',
      'ordernumber',
      'invoiceno',
      'invoiceid',
      'invoicenumber',
      'transactionid',
      '订单号',
      '订单编号',
      '单号',
      '订单id',
      '交易号',
    ],
  },
  orderDate: {
    exact: [
      'orderdate',
      'invoicedate',
      'purchasedate',
      'transactiondate',
      'date',
      'orderdatetime',
      'ordertime',
      'purchasetime',
      'transactiontime',
      'saledate',
      'salesdate',
      'txndate',
      'datetime',
      'timestamp',
      '下单日期',
      '订单日期',
      '日期',
      '交易时间',
      '支付时间',
      '下单时间',
      '订单时间',
      '交易日期',
      '购买日期',
      '购买时间',
      '付款时间',
      '支付日期',
      '成交时间',
      '时间',
    ],
    partial: [
      'orderdate',
      'invoicedate',
      'purchasedate',
      'transactiondate',
      '下单',
      '订单日期',
      '订单时间',
      '交易时间',
      '交易日期',
      '支付时间',
      '付款时间',
      '购买日期',
      '购买时间',
    ],
  },
  amount: {
    exact: [
      'amount',
      'totalamount',
      'orderamount',
      'salesamount',
      'revenue',
      'sales',
      'sale',
      'total',
      'totalprice',
      'ordertotal',
      'linetotal',
      'subtotal',
      'netamount',
      'grossamount',
      'value',
      'dollarvalue',
      'spend',
      'payment',
      'monetary',
      '金额',
      '实付金额',
      '订单金额',
      '销售额',
      '总金额',
      '总价',
      '支付金额',
      '付款金额',
      '消费金额',
      '实收金额',
      '成交金额',
      '销售金额',
      '商品金额',
      '营业额',
    ],
    partial: ['amount', 'revenue', 'sales', 'total', '金额', '销售额', '总价'],
  },
  quantity: {
    exact: [
      'quantity',
      'qty',
      'quantities',
      'units',
      'count',
      'pieces',
      'numberofitems',
      'numberofcds',
      '数量',
      '件数',
      '购买数量',
      '商品数量',
      '销量',
    ],
    partial: ['quantity', 'qty', 'numberof', '数量', '件数'],
  },
  unitPrice: {
    exact: [
      'unitprice',
      'price',
      'priceeach',
      'itemprice',
      'unitcost',
      'listprice',
      '单价',
      '价格',
      '售价',
      '商品单价',
      '单位价格',
    ],
    partial: ['unitprice', 'price', '单价', '价格', '售价'],
  },
  productId: {
    exact: [
      'productid',
      'stockcode',
      'sku',
      'productcode',
      'productno',
      'itemid',
      'itemcode',
      'itemno',
      'articleid',
      'articleno',
      'barcode',
      'ean',
      'upc',
      '商品编号',
      '商品id',
      '商品编码',
      '商品代码',
      '货号',
      '产品编号',
      '产品id',
      '产品编码',
      '条码',
    ],
    partial: [
      'productid',
      'productcode',
      'stockcode',
      'sku',
      'itemid',
      'itemcode',
      '商品编号',
      '商品id',
      '商品编码',
      '货号',
      '产品编号',
      '产品id',
    ],
  },
  productName: {
    exact: [
      'productname',
      'description',
      'product',
      'item',
      'itemname',
      'itemdescription',
      'productdescription',
      'article',
      '商品',
      '商品名称',
      '品名',
      '商品名',
      '产品',
      '产品名称',
    ],
    partial: ['productname', 'itemname', 'description', '商品名', '品名', '产品名', '商品', '产品'],
  },
  category: {
    exact: [
      'category',
      'productcategory',
      'categoryname',
      'department',
      'productline',
      'producttype',
      '品类',
      '类别',
      '类目',
      '分类',
      '商品类别',
      '商品分类',
      '商品类目',
    ],
    partial: ['category', '品类', '类别', '类目', '分类', '商品类别', '商品分类', '商品类目'],
  },
  channel: {
    exact: [
      'channel',
      'saleschannel',
      'source',
      'platform',
      'medium',
      '渠道',
      '来源',
      '销售渠道',
      '平台',
    ],
    partial: ['channel', '渠道', '来源'],
  },
  region: {
    exact: [
      'region',
      'country',
      'city',
      'state',
      'province',
      'area',
      'location',
      'territory',
      'district',
      '地区',
      '城市',
      '省份',
      '国家',
      '区域',
      '省',
      '市',
      '地域',
    ],
    partial: ['region', 'country', 'city', 'province', '地区', '城市', '省份', '国家', '区域'],
  },
  gender: {
    exact: ['gender', 'sex', 'genre', '性别'],
    partial: ['gender', '性别'],
  },
  age: {
    exact: ['age', 'ageband', 'agegroup', 'agerange', '年龄', '年龄段'],
    partial: ['ageband', 'agegroup', 'agerange', '年龄'],
  },
  income: {
    exact: [
      'income',
      'annualincome',
      'salary',
      'monthlyincome',
      '收入',
      '年收入',
      '月收入',
      '薪资',
    ],
    partial: ['income', 'salary', '收入', '薪资', '工资'],
  },
  email: {
    exact: ['email', 'emailaddress', 'mail', '邮箱', '电子邮件', '电子邮箱', '邮件'],
    partial: ['email', '邮箱'],
  },
  phone: {
    exact: [
      'phone',
      'mobile',
      'tel',
      'telephone',
      'phonenumber',
      'mobilephone',
      'cellphone',
      '手机',
      '电话',
      '手机号',
      '手机号码',
      '电话号码',
      '联系电话',
    ],
    partial: ['phonenumber', 'phoneno', 'mobile', 'telephone', '手机', '电话'],
  },
  name: {
    exact: [
      'name',
      'customername',
      'fullname',
      'contactname',
      'clientname',
      '姓名',
      '名字',
      '客户名称',
      '客户姓名',
      '顾客姓名',
      '联系人',
    ],
    partial: ['customername', 'fullname', '姓名'],
  },
};

/** Types a column may have to take each role (others: any type). */
const ROLE_TYPES: Partial<Record<ColumnRole, readonly ValueType[]>> = {
  customerId: ['string', 'category', 'integer', 'decimal'],
  orderId: ['string', 'category', 'integer', 'decimal'],
  productId: ['string', 'category', 'integer', 'decimal'],
  orderDate: ['date', 'datetime'],
  amount: ['integer', 'decimal'],
  quantity: ['integer', 'decimal'],
  unitPrice: ['integer', 'decimal'],
  productName: ['string', 'category'],
  category: ['string', 'category', 'integer'],
  channel: ['string', 'category', 'integer'],
  region: ['string', 'category', 'integer'],
  gender: ['string', 'category', 'integer', 'boolean'],
  age: ['integer', 'decimal', 'category', 'string'],
  income: ['integer', 'decimal', 'category', 'string'],
  email: ['string', 'category'],
  phone: ['string', 'category', 'integer'],
  name: ['string', 'category'],
};

/** Roles whose columns hold identifiers: stored as text whatever they look like (typing.ts). */
export const ID_ROLES: ReadonlySet<ColumnRole> = new Set(['customerId', 'orderId', 'productId']);

/**
 * The type a column gets for its role: ids are text whatever they look like (they are
 * looked up and counted, never summed); other roles keep the guessed type.
 */
export function roleTypeFor(role: ColumnRole, guessed: ValueType): ValueType {
  if (ID_ROLES.has(role))
    return guessed === 'category' || guessed === 'string' ? guessed : 'string';
  return guessed;
}

/** NFKC, lower case, letters and digits only. */
export function normaliseHeader(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The name without a bracketed tail ('Annual Income (k$)' → 'annualincome'). */
function baseName(name: string): string {
  const n = name.normalize('NFKC');
  const open = n.search(/[([{]/);
  return open > 0 ? normaliseHeader(n.slice(0, open)) : normaliseHeader(n);
}

/** The normalised names joined: equal for files with the same columns, whatever their spelling. */
export function headerSignature(names: readonly string[]): string {
  return names.map(normaliseHeader).join('|');
}

/** Names the parser gives to columns of a file without a header ('column1', 'col_2', 'V3'). */
function isGenericName(name: string): boolean {
  const n = normaliseHeader(name);
  return n === '' || /^(column|col|field|var|v|x|c|列)?\d+$/.test(n);
}

function specificity(keyword: string): number {
  let s = 0;
  for (const ch of keyword) s += ch.charCodeAt(0) > 0x2e80 ? 3 : 1;
  return s;
}

interface Candidate {
  column: number;
  role: ColumnRole;
  score: number;
  reason: RoleReason;
}

const EXACT_SCORE = 1000;
const PARTIAL_SCORE = 500;
const VALUE_SCORE = 100;

function headerCandidates(column: number, name: string): Candidate[] {
  const full = normaliseHeader(name);
  const base = baseName(name);
  const out: Candidate[] = [];
  for (const [role, names] of Object.entries(NAMES) as [ColumnRole, RoleNames][]) {
    let best: Candidate | null = null;
    const at = names.exact.findIndex((n) => n === full || n === base);
    if (at >= 0 && full !== '') {
      best = {
        column,
        role,
        score: EXACT_SCORE - at,
        reason: { code: 'import.role.reason.header', params: { name, role } },
      };
    } else {
      for (const keyword of names.partial) {
        const pos = base.lastIndexOf(keyword);
        if (pos < 0) continue;
        const atEnd = pos + keyword.length === base.length ? 1 : 0;
        const score = PARTIAL_SCORE + specificity(keyword) * 10 + atEnd * 5;
        if (best === null || score > best.score) {
          best = {
            column,
            role,
            score,
            reason: { code: 'import.role.reason.headerPart', params: { name, keyword, role } },
          };
        }
      }
    }
    if (best) out.push(best);
  }
  return out;
}

function isEmailLike(s: string): boolean {
  const v = s.trim();
  if (v.length < 5 || v.length > 254) return false;
  const at = v.indexOf('@');
  if (at < 1 || at !== v.lastIndexOf('@')) return false;
  const dot = v.lastIndexOf('.');
  if (dot < at + 2 || dot === v.length - 1) return false;
  for (let k = 0; k < v.length; k++) if (v.charCodeAt(k) <= 32) return false;
  return true;
}

const DAY_FIRST = { order: 'dmy' as const };

/**
 * Phone numbers: 7–15 digits written with '+', spaces, dashes, dots or brackets, or a
 * bare Chinese mobile number (11 digits starting 13–19). Other bare digit strings are
 * left alone: they are more often ids.
 */
function isPhoneLike(s: string): boolean {
  const v = s.trim();
  let digits = 0;
  let marks = 0;
  for (let k = 0; k < v.length; k++) {
    const c = v.charCodeAt(k);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 43 || c === 32 || c === 45 || c === 46 || c === 40 || c === 41) marks++;
    else return false;
  }
  if (digits < 7 || digits > 15) return false;
  // '05-03-2024' has the digits and dashes of a phone number but is a date.
  if (marks > 0) return parseDate(v, DAY_FIRST, false) === null;
  return digits === 11 && v.charCodeAt(0) === 49 && v.charCodeAt(1) >= 51;
}

const MALE = new Set(['m', 'male', 'man', '男', 'männlich', 'homme']);
const FEMALE = new Set(['f', 'female', 'woman', '女', 'weiblich', 'femme']);
const OTHER_GENDER = new Set(['u', 'unknown', 'other', 'x', 'd', 'diverse', '未知', '其他']);

/** Share (0..1) of the distinct non-empty values that pass `test`, looking at up to 500 of them. */
function valueShare(distinct: readonly string[], test: (s: string) => boolean): number {
  let seen = 0;
  let hits = 0;
  for (const s of distinct) {
    if (s.trim() === '') continue;
    seen++;
    if (test(s)) hits++;
    if (seen === 500) break;
  }
  return seen === 0 ? 0 : hits / seen;
}

/** At most four distinct values, among them a male and a female code, and nothing else but 'unknown'-like codes. */
function looksLikeGender(present: readonly string[]): boolean {
  const words = new Set(present.map((s) => s.trim().toLowerCase()));
  if (words.size === 0 || words.size > 4) return false;
  let male = false;
  let female = false;
  for (const w of words) {
    if (MALE.has(w)) male = true;
    else if (FEMALE.has(w)) female = true;
    else if (!OTHER_GENDER.has(w)) return false;
  }
  return male && female;
}

const BIRTH_OR_SIGNUP = /birth|dob|signup|register|registration|join|生日|出生|注册|开户|入会/;
const DATE_WORDS = /date|time|day|日期|时间/;

function valueCandidates(
  column: number,
  input: RoleInput,
  present: readonly string[],
): Candidate[] {
  const { name, guess } = input;
  const out: Candidate[] = [];
  const type = guess.type;
  if (type === 'string' || type === 'category') {
    const email = valueShare(present, isEmailLike);
    if (email >= 0.9) {
      out.push({
        column,
        role: 'email',
        score: VALUE_SCORE + 30,
        reason: {
          code: 'import.role.reason.valuesEmail',
          params: { percent: Math.round(email * 100) },
        },
      });
    }
  }
  if (type === 'string' || type === 'category' || type === 'integer') {
    const phone = valueShare(present, isPhoneLike);
    if (phone >= 0.9) {
      out.push({
        column,
        role: 'phone',
        score: VALUE_SCORE + 20,
        reason: {
          code: 'import.role.reason.valuesPhone',
          params: { percent: Math.round(phone * 100) },
        },
      });
    }
  }
  if (
    (type === 'category' || type === 'string' || type === 'boolean') &&
    looksLikeGender(present)
  ) {
    out.push({
      column,
      role: 'gender',
      score: VALUE_SCORE + 10,
      reason: {
        code: 'import.role.reason.valuesGender',
        params: { values: present.slice(0, 4).join(', ') },
      },
    });
  }
  if (type === 'date' || type === 'datetime') {
    const n = normaliseHeader(name);
    if (isGenericName(name) || (DATE_WORDS.test(n) && !BIRTH_OR_SIGNUP.test(n))) {
      out.push({
        column,
        role: 'orderDate',
        score: VALUE_SCORE,
        reason: { code: 'import.role.reason.valuesDate', params: { name } },
      });
    }
  }
  return out;
}

export function guessRoles(columns: readonly RoleInput[]): RoleGuess[] {
  const candidates: Candidate[] = [];
  const mismatch: (RoleReason | null)[] = columns.map(() => null);
  columns.forEach((input, i) => {
    const fromHeader = headerCandidates(i, input.name);
    const present = input.distinct.filter((s) => !isMissingToken(s));
    let fitting = 0;
    for (const c of fromHeader) {
      const types = ROLE_TYPES[c.role];
      if (types && !types.includes(input.guess.type)) continue;
      // 'Genre' is the mall data's (French) word for gender, but also a music or book genre.
      if (c.role === 'gender' && baseName(input.name) === 'genre' && !looksLikeGender(present))
        continue;
      candidates.push(c);
      fitting++;
    }
    if (fromHeader.length > 0 && fitting === 0) {
      mismatch[i] = {
        code: 'import.role.reason.typeMismatch',
        params: { name: input.name, role: fromHeader[0].role, type: input.guess.type },
      };
    }
    candidates.push(...valueCandidates(i, input, present));
  });
  // Strongest evidence first; on equal scores the column further left wins.
  candidates.sort((a, b) => b.score - a.score || a.column - b.column);

  const out: (RoleGuess | null)[] = columns.map(() => null);
  const holder = new Map<ColumnRole, number>();
  const lostTo: (number | null)[] = columns.map(() => null);
  for (const c of candidates) {
    if (out[c.column]) continue;
    const unique = UNIQUE_ROLES.includes(c.role);
    const taken = unique ? holder.get(c.role) : undefined;
    if (taken !== undefined) {
      lostTo[c.column] ??= taken;
      continue;
    }
    out[c.column] = { role: c.role, reason: c.reason };
    if (unique) holder.set(c.role, c.column);
  }
  return out.map((g, i) => {
    if (g) return g;
    const winner = lostTo[i];
    if (winner !== null) {
      return {
        role: 'attribute',
        reason: {
          code: 'import.role.reason.taken',
          params: { name: columns[i].name, other: columns[winner].name },
        },
      };
    }
    return {
      role: 'attribute',
      reason: mismatch[i] ?? { code: 'import.role.reason.none', params: { name: columns[i].name } },
    };
  });
}

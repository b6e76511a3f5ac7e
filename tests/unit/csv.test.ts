import { describe, expect, it } from 'vitest';
import { generateDemoShop } from '../../src/core/demo/index.ts';
import {
  escapeCsvText,
  formatCsvDate,
  neutraliseFormula,
  tableToCsv,
  tableToCsvChunks,
} from '../../src/core/table/csv.ts';
import { dictColumn, numericColumn, tableRows, type Table } from '../../src/core/table/index.ts';

/** A plain RFC 4180 reader (quotes, doubled quotes, CR/LF inside quotes), for round trips. */
function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function table(columns: Table['columns']): Table {
  const first = columns[0];
  const rowCount = first.type === 'dict' ? first.codes.length : first.values.length;
  return { rowCount, columns };
}

describe('escapeCsvText', () => {
  it('quotes only when RFC 4180 needs it, doubling quotes', () => {
    expect(escapeCsvText('plain')).toBe('plain');
    expect(escapeCsvText('a,b')).toBe('"a,b"');
    expect(escapeCsvText('say "hi"')).toBe('"say ""hi"""');
    expect(escapeCsvText('two\nlines')).toBe('"two\nlines"');
    expect(escapeCsvText('cr\rhere')).toBe('"cr\rhere"');
    expect(escapeCsvText('a;b')).toBe('a;b');
    expect(escapeCsvText('a;b', ';')).toBe('"a;b"');
    expect(escapeCsvText('a\tb', '\t')).toBe('"a\tb"');
    expect(escapeCsvText('')).toBe('');
    expect(escapeCsvText('中文, 名字')).toBe('"中文, 名字"');
  });

  it('neutralises formula starts with a leading quote', () => {
    expect(escapeCsvText('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(escapeCsvText('+86 138')).toBe("'+86 138");
    expect(escapeCsvText('-3')).toBe("'-3");
    expect(escapeCsvText('@cmd')).toBe("'@cmd");
    expect(escapeCsvText('\tx')).toBe("'\tx");
    expect(escapeCsvText('\rx')).toBe('"\'\rx"');
    expect(escapeCsvText('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    // Only the first character counts.
    expect(neutraliseFormula('a=b')).toBe('a=b');
    expect(neutraliseFormula("'already")).toBe("'already");
  });
});

describe('formatCsvDate', () => {
  it('prints UTC ISO date-times and dates, dropping milliseconds', () => {
    const ms = Date.UTC(2025, 10, 11, 9, 5, 7, 999);
    expect(formatCsvDate(ms)).toBe('2025-11-11 09:05:07');
    expect(formatCsvDate(ms, 'iso-date')).toBe('2025-11-11');
    expect(formatCsvDate(Date.UTC(2024, 1, 29))).toBe('2024-02-29 00:00:00');
    expect(formatCsvDate(Date.UTC(1969, 11, 31, 23, 59, 59))).toBe('1969-12-31 23:59:59');
    expect(formatCsvDate(Date.UTC(2026, 5, 30, 23, 59, 59))).toBe('2026-06-30 23:59:59');
  });
});

describe('tableToCsv', () => {
  const sample = table([
    dictColumn('name', [
      'Socks, 3-Pack',
      'Notebook "Dotted"',
      null,
      '=cmd|calc',
      '-5',
      'two\nlines',
      '龙井绿茶',
    ]),
    numericColumn('qty', 'i32', [1, -3, 2, null, 0, 7, 2147483647]),
    numericColumn('price', 'f64', [12.5, 0.1, 1e21, 19.9, null, -0.5, 3]),
    numericColumn('at', 'date', [
      Date.UTC(2025, 0, 2, 3, 4, 5),
      Date.UTC(2025, 0, 2, 3, 4, 5),
      null,
      Date.UTC(2026, 5, 30, 23, 59, 59),
      0,
      Date.UTC(2025, 1, 14),
      Date.UTC(2025, 10, 11, 20, 0, 0),
    ]),
  ]);

  it('writes header, quoted and neutralised text, numbers, dates and empty cells', () => {
    const csv = tableToCsv(sample);
    expect(csv).toBe(
      [
        'name,qty,price,at',
        '"Socks, 3-Pack",1,12.5,2025-01-02 03:04:05',
        '"Notebook ""Dotted""",-3,0.1,2025-01-02 03:04:05',
        ',2,1e+21,',
        "'=cmd|calc,,19.9,2026-06-30 23:59:59",
        "'-5,0,,1970-01-01 00:00:00",
        '"two\nlines",7,-0.5,2025-02-14 00:00:00',
        '龙井绿茶,2147483647,3,2025-11-11 20:00:00',
        '',
      ].join('\n'),
    );
    // Typed negative numbers stay numbers; only text is prefixed.
    expect(csv).toContain(',-3,');
    expect(csv).toContain(',-0.5,');
    expect(csv).not.toContain("'-3");
    expect(csv).not.toContain('\r\n');
  });

  it('prints stored prices without float noise', () => {
    const prices = [12.5, 19.99, 0.07, 1299, Math.round(129 * 0.85 * 100) / 100, 0.1 + 0.2];
    const csv = tableToCsv(table([numericColumn('p', 'f64', prices)]));
    expect(csv).toBe('p\n12.5\n19.99\n0.07\n1299\n109.65\n0.30000000000000004\n');
  });

  it('supports iso-date, other delimiters and no header', () => {
    const t = table([
      dictColumn('a', ['x;y', 'z']),
      numericColumn('d', 'date', [Date.UTC(2025, 5, 18, 12), null]),
    ]);
    expect(tableToCsv(t, { dateFormat: 'iso-date' })).toBe('a,d\nx;y,2025-06-18\nz,\n');
    expect(tableToCsv(t, { delimiter: ';' })).toBe('a;d\n"x;y";2025-06-18 12:00:00\nz;\n');
    expect(tableToCsv(t, { header: false })).toBe('x;y,2025-06-18 12:00:00\nz,\n');
  });

  it('neutralises header names like cells', () => {
    const t = table([numericColumn('=x', 'i32', [1]), numericColumn('a,b', 'i32', [2])]);
    expect(tableToCsv(t)).toBe('\'=x,"a,b"\n1,2\n');
  });

  it('writes only the header for an empty table, nothing without columns', () => {
    expect(tableToCsv(table([dictColumn('a', []), numericColumn('b', 'f64', [])]))).toBe('a,b\n');
    expect(tableToCsv({ rowCount: 0, columns: [] })).toBe('');
  });

  it('round-trips through an RFC 4180 reader', () => {
    const parsed = parseCsv(tableToCsv(sample));
    expect(parsed).toHaveLength(sample.rowCount + 1);
    expect(parsed[0]).toEqual(['name', 'qty', 'price', 'at']);
    const expected = tableRows(sample).map((row) =>
      row.map((v, c) => {
        if (v === null) return '';
        if (c === 3) return formatCsvDate(v as number);
        return typeof v === 'number' ? String(v) : neutraliseFormula(v);
      }),
    );
    expect(parsed.slice(1)).toEqual(expected);
  });
});

describe('tableToCsvChunks', () => {
  it('yields pieces that concatenate to tableToCsv, header in the first', () => {
    const n = 1001;
    const t = table([
      dictColumn(
        'id',
        Array.from({ length: n }, (_, i) => `C${i}`),
      ),
      numericColumn(
        'v',
        'f64',
        Array.from({ length: n }, (_, i) => i / 4),
      ),
    ]);
    const chunks = [...tableToCsvChunks(t, 100)];
    expect(chunks).toHaveLength(11);
    expect(chunks[0].startsWith('id,v\nC0,0\n')).toBe(true);
    expect(chunks[1].startsWith('C100,25\n')).toBe(true);
    expect(chunks.at(-1)).toBe('C1000,250\n');
    expect(chunks.join('')).toBe(tableToCsv(t));
    expect([...tableToCsvChunks(t, 5000)]).toEqual([tableToCsv(t)]);
    expect(() => [...tableToCsvChunks(t, 0)]).toThrow(RangeError);
  });

  it('exports the demo shop so that a reader gets every line back', () => {
    const shop = generateDemoShop({ customers: 300, seed: 3 });
    const text = [...tableToCsvChunks(shop.transactions, 1000)].join('');
    const parsed = parseCsv(text);
    expect(parsed).toHaveLength(shop.transactions.rowCount + 1);
    expect(parsed[0]).toEqual([
      'invoice_id',
      'invoice_date',
      'customer_id',
      'product_id',
      'product_name',
      'category',
      'quantity',
      'unit_price',
      'channel',
    ]);
    const rows = tableRows(shop.transactions);
    for (let r = 0; r < rows.length; r += 97) {
      const [inv, date, cust, pid, name, cat, qty, price, ch] = rows[r];
      expect(parsed[r + 1]).toEqual([
        inv,
        formatCsvDate(date as number),
        cust ?? '',
        pid,
        name ?? '',
        cat,
        String(qty),
        String(price),
        ch,
      ]);
    }
    expect(parsed.every((row) => row.length === 9)).toBe(true);
  });
});

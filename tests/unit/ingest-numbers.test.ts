import { describe, expect, it } from 'vitest';
import { isMissingToken, MISSING_TOKENS } from '../../src/core/ingest/missing.ts';
import { detectNumberFormat, parseNumber } from '../../src/core/ingest/numbers.ts';

describe('isMissingToken', () => {
  it('recognises every documented token, trimmed and in any case', () => {
    const tokens = [
      '',
      '   ',
      '\t',
      '\u00a0',
      '\u3000',
      'NA',
      'N/A',
      'n/a',
      'null',
      'NULL',
      'Null',
      'None',
      'NaN',
      'nan',
      '#N/A',
      '-',
      '--',
      '---',
      '–',
      '—',
      '——',
      '无',
      '空',
      '缺失',
      ' NA ',
      '\u3000无\u3000',
      ' null',
    ];
    for (const t of tokens) expect(isMissingToken(t), JSON.stringify(t)).toBe(true);
    for (const t of MISSING_TOKENS) expect(isMissingToken(t.toUpperCase()), t).toBe(true);
  });

  it('keeps real values, including ones that contain a token', () => {
    for (const v of [
      '0',
      'No',
      'N',
      'Nancy',
      'nab',
      'NA1',
      '-1',
      'none of these',
      '无锡',
      '空调',
      'x',
    ]) {
      expect(isMissingToken(v), v).toBe(false);
    }
  });
});

describe('parseNumber with decimal "."', () => {
  const cases: [string, number][] = [
    ['0', 0],
    ['12', 12],
    ['-12', -12],
    ['+12', 12],
    ['−12', -12], // U+2212 minus sign
    ['12.5', 12.5],
    ['.5', 0.5],
    ['5.', 5],
    ['1,234', 1234],
    ['1,234.56', 1234.56],
    ['12,345,678.9', 12345678.9],
    ['1 234.5', 1234.5],
    ['1\u00a0234.5', 1234.5],
    ['1\u202f234.5', 1234.5],
    ["1'234.56", 1234.56],
    ['¥1,234', 1234],
    ['￥1,234.50', 1234.5],
    ['$12.50', 12.5],
    ['$ 12.50', 12.5],
    ['-$12.50', -12.5],
    ['$-12.50', -12.5],
    ['€5', 5],
    ['5€', 5],
    ['12.50 €', 12.5],
    ['£3.20', 3.2],
    ['12 USD', 12],
    ['USD 12', 12],
    ['12usd', 12],
    ['RMB 100', 100],
    ['100 CNY', 100],
    ['99元', 99],
    ['99.5 元', 99.5],
    ['12.5%', 0.125],
    ['0.1%', 0.001],
    ['12.3%', 0.123],
    ['-5 %', -0.05],
    ['(12.50)', -12.5],
    ['$(12.50)', -12.5],
    ['( 3 )', -3],
    ['1e5', 100000],
    ['1.5E-3', 0.0015],
    ['-2.5e+2', -250],
    ['007', 7],
    ['  42  ', 42],
    ['１２３．５', 123.5],
    ['-0', 0],
  ];
  it.each(cases)('%j → %d', (s, expected) => {
    expect(parseNumber(s, '.')).toBe(expected);
  });

  it('returns +0 for negative zero', () => {
    expect(Object.is(parseNumber('-0', '.'), 0)).toBe(true);
    expect(Object.is(parseNumber('(0)', '.'), 0)).toBe(true);
  });

  it('refuses values that only look numeric', () => {
    const refused = [
      '',
      ' ',
      '-',
      '+',
      '.',
      '%',
      '$',
      '1.2.3',
      '12abc',
      'abc12',
      '1,2',
      '12,34',
      '1,23,456', // Indian grouping
      '1,234,56',
      '1,234 567', // two kinds of separators
      '12 34',
      '1e',
      '1e5000', // not finite
      '1,234e5', // exponent after groups
      '--5',
      '+-5',
      '-(5)',
      '(-5)',
      '(5',
      '5)',
      '$$5',
      '5 USD USD',
      '12 apples',
      'NA',
      'null',
      '0x1A',
      'Infinity',
      '12:30',
      '2024-03-05',
      '5/3/2024',
      '1_000',
      '- 5',
    ];
    for (const s of refused) expect(parseNumber(s, '.'), JSON.stringify(s)).toBeNull();
  });
});

describe('parseNumber with decimal ","', () => {
  const cases: [string, number][] = [
    ['12,5', 12.5],
    ['1.234,56', 1234.56],
    ['1 234,56', 1234.56],
    ['1\u202f234,56', 1234.56],
    ["1'234,56", 1234.56],
    ['1.234', 1234],
    ['1.234.567', 1234567],
    ['-0,5', -0.5],
    [',5', 0.5],
    ['12,5 €', 12.5],
    ['12,5%', 0.125],
    ['(1.234,50)', -1234.5],
  ];
  it.each(cases)('%j → %d', (s, expected) => {
    expect(parseNumber(s, ',')).toBe(expected);
  });

  it('refuses dot decimals and mixed separators', () => {
    for (const s of ['12.5', '1,234.56', '1.2.3', '1,2,3', '1.23,4'])
      expect(parseNumber(s, ','), s).toBeNull();
  });
});

describe('detectNumberFormat', () => {
  it('reads "." when nothing votes for ","', () => {
    expect(detectNumberFormat(['1,234']).decimal).toBe('.');
    expect(detectNumberFormat(['1.234']).decimal).toBe('.');
    expect(detectNumberFormat(['12', '3', '1,234']).decimal).toBe('.');
    expect(detectNumberFormat([]).decimal).toBe('.');
    expect(detectNumberFormat(['1,234.56', '12,5']).decimal).toBe('.'); // a tie keeps '.'
  });

  it('reads "," from values that only parse with a decimal comma', () => {
    expect(detectNumberFormat(['12,5']).decimal).toBe(',');
    expect(detectNumberFormat(['1.234,56']).decimal).toBe(',');
    expect(detectNumberFormat(['1,234', '12,5', '7']).decimal).toBe(',');
    expect(detectNumberFormat(['1.234', '3,75', '0,5', '1.5']).decimal).toBe(',');
  });

  it('reads "." when the values say so', () => {
    expect(detectNumberFormat(['1,234.56', '1,234']).decimal).toBe('.');
    expect(detectNumberFormat(['12.5', '3.25', '12,5']).decimal).toBe('.');
  });

  it('records currency signs, percent and parentheses', () => {
    expect(detectNumberFormat(['¥12', '$3', '￥4', '€1', '£2', '7元', '9 USD', '5'])).toEqual({
      decimal: '.',
      currency: ['$', 'USD', '£', '¥', '元', '€', '￥'].sort(),
      percent: false,
      parenthesesNegative: false,
    });
    expect(detectNumberFormat(['12%', '(3.5)', 'abc'])).toEqual({
      decimal: '.',
      currency: [],
      percent: true,
      parenthesesNegative: true,
    });
  });

  it('takes a forced separator and collects the flags with it', () => {
    expect(detectNumberFormat(['1.234', '(5)'], ',')).toEqual({
      decimal: ',',
      currency: [],
      percent: false,
      parenthesesNegative: true,
    });
  });
});

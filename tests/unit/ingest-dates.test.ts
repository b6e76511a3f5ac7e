import { describe, expect, it } from 'vitest';
import {
  decideDateFormat,
  excelSerialToMs,
  parseDate,
  type ParsedDate,
} from '../../src/core/ingest/dates.ts';
import type { DayOrder } from '../../src/core/ingest/types.ts';

const DMY = { order: 'dmy' as DayOrder };
const MDY = { order: 'mdy' as DayOrder };
const YMD = { order: 'ymd' as DayOrder };

const day = (y: number, m: number, d: number): ParsedDate => ({
  ms: Date.UTC(y, m - 1, d),
  hasTime: false,
});
const at = (y: number, m: number, d: number, h: number, mi: number, s = 0, ms = 0): ParsedDate => ({
  ms: Date.UTC(y, m - 1, d, h, mi, s, ms),
  hasTime: true,
});

describe('parseDate spellings', () => {
  const cases: [string, ParsedDate][] = [
    // ISO
    ['2024-03-05', day(2024, 3, 5)],
    ['2024-3-5', day(2024, 3, 5)],
    ['2024-03-05T10:30', at(2024, 3, 5, 10, 30)],
    ['2024-03-05T10:30:00', at(2024, 3, 5, 10, 30)],
    ['2024-03-05 10:30:15', at(2024, 3, 5, 10, 30, 15)],
    ['2024-03-05T10:30:15.123', at(2024, 3, 5, 10, 30, 15, 123)],
    ['2024-03-05T10:30:15.5', at(2024, 3, 5, 10, 30, 15, 500)],
    ['2024-03-05T10:30:15.123456Z', at(2024, 3, 5, 10, 30, 15, 123)],
    ['2024-03-05T10:30:00Z', at(2024, 3, 5, 10, 30)],
    ['2024-03-05T10:30:00+08:00', at(2024, 3, 5, 2, 30)],
    ['2024-03-05T10:30:00-05:00', at(2024, 3, 5, 15, 30)],
    ['2024-03-05T10:30:00+0530', at(2024, 3, 5, 5, 0)],
    ['2024-03-05T01:30:00+08', at(2024, 3, 4, 17, 30)],
    ['2024-03-05 10:30:00 UTC', at(2024, 3, 5, 10, 30)],
    ['2010-12-01 08:26:00', at(2010, 12, 1, 8, 26)], // Online Retail
    // Y/M/D and Y.M.D
    ['2024/3/5', day(2024, 3, 5)],
    ['2024/03/05 10:30', at(2024, 3, 5, 10, 30)],
    ['2024.3.5', day(2024, 3, 5)],
    ['2024.03.05 10:30:15', at(2024, 3, 5, 10, 30, 15)],
    // compact
    ['20240305', day(2024, 3, 5)],
    ['19970101', day(1997, 1, 1)],
    // Chinese
    ['2024年3月5日', day(2024, 3, 5)],
    ['2024年03月05日', day(2024, 3, 5)],
    ['2024年3月5日 10:30', at(2024, 3, 5, 10, 30)],
    ['2024年3月5日10:30:15', at(2024, 3, 5, 10, 30, 15)],
    ['2024年3月5日 10时30分', at(2024, 3, 5, 10, 30)],
    ['2024年3月5日 10时30分15秒', at(2024, 3, 5, 10, 30, 15)],
    ['2024年3月5日 10点30分', at(2024, 3, 5, 10, 30)],
    ['2024年3月5日 下午3:30', at(2024, 3, 5, 15, 30)],
    ['2024年3月5日 上午12:05', at(2024, 3, 5, 0, 5)],
    // month names
    ['5 Mar 2024', day(2024, 3, 5)],
    ['05 March 2024', day(2024, 3, 5)],
    ['05-Mar-2024', day(2024, 3, 5)],
    ['March 5, 2024', day(2024, 3, 5)],
    ['Mar 5 2024', day(2024, 3, 5)],
    ['Mar. 5, 2024', day(2024, 3, 5)],
    ['sept 30 2024', day(2024, 9, 30)],
    ['Tue, 05 Mar 2024 10:30:00 GMT', at(2024, 3, 5, 10, 30)],
    ['Tuesday, March 5, 2024', day(2024, 3, 5)],
    ['March 5, 2024 3:45 PM', at(2024, 3, 5, 15, 45)],
    // surrounding white space
    ['  2024-03-05  ', day(2024, 3, 5)],
    ['\u30002024年3月5日\u3000', day(2024, 3, 5)],
  ];
  it.each(cases)('%j', (s, expected) => {
    expect(parseDate(s, DMY, false)).toEqual(expected);
    expect(parseDate(s, MDY, false)).toEqual(expected); // no D/M ambiguity in these
  });

  it('reads D/M/Y and M/D/Y by the order, with -, / and . and optional times', () => {
    expect(parseDate('5/3/2024', DMY, false)).toEqual(day(2024, 3, 5));
    expect(parseDate('5/3/2024', MDY, false)).toEqual(day(2024, 5, 3));
    expect(parseDate('05-03-2024', DMY, false)).toEqual(day(2024, 3, 5));
    expect(parseDate('05.03.2024', DMY, false)).toEqual(day(2024, 3, 5));
    expect(parseDate('05.03.2024', MDY, false)).toEqual(day(2024, 5, 3));
    expect(parseDate('5/3/2024 10:30', DMY, false)).toEqual(at(2024, 3, 5, 10, 30));
    expect(parseDate('5/3/2024, 10:30:15', DMY, false)).toEqual(at(2024, 3, 5, 10, 30, 15));
    expect(parseDate('3/5/2024 10:30 PM', MDY, false)).toEqual(at(2024, 3, 5, 22, 30));
    expect(parseDate('3/5/2024 12:00 AM', MDY, false)).toEqual(day(2024, 3, 5));
    expect(parseDate('3/5/2024 12:15 pm', MDY, false)).toEqual(at(2024, 3, 5, 12, 15));
    expect(parseDate('3/5/2024 9:05 a.m.', MDY, false)).toEqual(at(2024, 3, 5, 9, 5));
    expect(parseDate('12/31/2024', MDY, false)).toEqual(day(2024, 12, 31));
  });

  it('refuses values that do not fit the day order (the minority of a mixed column)', () => {
    expect(parseDate('13/3/2024', MDY, false)).toBeNull();
    expect(parseDate('3/13/2024', DMY, false)).toBeNull();
  });

  it('reads D/M/Y values of a column decided as ymd by what fits, day first when both do', () => {
    expect(parseDate('5/3/2024', YMD, false)).toEqual(day(2024, 3, 5));
    expect(parseDate('3/13/2024', YMD, false)).toEqual(day(2024, 3, 13));
    expect(parseDate('13/3/2024', YMD, false)).toEqual(day(2024, 3, 13));
  });

  it('marks midnight as no time of day, also when written', () => {
    expect(parseDate('2024-03-05 00:00:00', DMY, false)).toEqual(day(2024, 3, 5));
    expect(parseDate('2024-03-05T00:00:00.000Z', DMY, false)).toEqual(day(2024, 3, 5));
    // …unless an offset moves the instant off midnight.
    expect(parseDate('2024-03-05T00:00:00+08:00', DMY, false)).toEqual(at(2024, 3, 4, 16, 0));
  });

  it('refuses invalid calendar dates and times', () => {
    const invalid = [
      '2023-02-29',
      '2024-02-30',
      '2024-04-31',
      '2024-13-01',
      '2024-00-10',
      '2024-01-00',
      '2024-01-32',
      '31/4/2024',
      '29/2/2023',
      '20230229',
      '20241301',
      '2024年2月30日',
      '30 Feb 2024',
      '2024-03-05 24:00',
      '2024-03-05 10:60',
      '2024-03-05 10:30:61',
      '3/5/2024 13:00 PM',
      '3/5/2024 0:30 AM',
      '2024-03-05T10:30+15:00',
    ];
    for (const s of invalid) {
      expect(parseDate(s, DMY, true), s).toBeNull();
      expect(parseDate(s, MDY, true), s).toBeNull();
    }
    expect(parseDate('2024-02-29', DMY, false)).toEqual(day(2024, 2, 29));
    expect(parseDate('2000-02-29', DMY, false)).toEqual(day(2000, 2, 29));
    expect(parseDate('1900-02-29', DMY, false)).toBeNull();
  });

  it('refuses look-alikes and junk', () => {
    const junk = [
      '',
      'abc',
      '5/3/24', // two-digit years are not read
      '2024-03',
      '2024-03-05T',
      '2024-03-05 10',
      '2024-03-05x',
      '2024/03-05',
      '5/3-2024',
      '2024-03-05 10:30 XYZ',
      '18991231', // compact years 1900–2100 only
      '21010101',
      '0001-01-01',
      'Smarch 5, 2024',
      '123456789',
      '12:30',
      '1.2.3',
      'x'.repeat(100),
      '1'.repeat(70),
      '2024-03-05' + ' '.repeat(60) + '1',
    ];
    for (const s of junk) expect(parseDate(s, DMY, true), JSON.stringify(s)).toBeNull();
  });
});

describe('Excel serial days', () => {
  it('are read only when allowed', () => {
    expect(parseDate('45356', DMY, false)).toBeNull();
    expect(parseDate('45356', DMY, true)).toEqual(day(2024, 3, 5));
    expect(parseDate('45356.5', DMY, true)).toEqual(at(2024, 3, 5, 12, 0));
    expect(parseDate('45356.75', DMY, true)).toEqual(at(2024, 3, 5, 18, 0));
  });

  it('follow Excel 1900 system including its phantom 1900-02-29', () => {
    expect(excelSerialToMs(1)).toBe(Date.UTC(1900, 0, 1));
    expect(excelSerialToMs(59)).toBe(Date.UTC(1900, 1, 28));
    // Excel shows serial 60 as 29 February 1900, a day that never existed: refused.
    expect(excelSerialToMs(60)).toBeNull();
    expect(parseDate('60', DMY, true)).toBeNull();
    expect(excelSerialToMs(61)).toBe(Date.UTC(1900, 2, 1));
    expect(excelSerialToMs(25569)).toBe(Date.UTC(1970, 0, 1));
    expect(excelSerialToMs(45356)).toBe(Date.UTC(2024, 2, 5));
    expect(excelSerialToMs(2958465)).toBe(Date.UTC(9999, 11, 31));
    expect(excelSerialToMs(2958466)).toBeNull();
    expect(excelSerialToMs(0)).toBeNull();
    // 08:30 written as a binary fraction of a day is rounded to the millisecond.
    expect(excelSerialToMs(45356 + 8.5 / 24)).toBe(Date.UTC(2024, 2, 5, 8, 30));
  });
});

describe('decideDateFormat', () => {
  it('reads day first when a first number is above 12', () => {
    expect(decideDateFormat(['5/3/2024', '13/3/2024', '2/3/2024'])).toEqual({
      order: 'dmy',
      ambiguous: false,
      spellings: { 'slash-dmy': 3 },
    });
  });

  it('reads month first when a second number is above 12', () => {
    expect(decideDateFormat(['5/3/2024', '3/13/2024'], 'dmy')).toEqual({
      order: 'mdy',
      ambiguous: false,
      spellings: { 'slash-mdy': 2 },
    });
  });

  it('reports ambiguity and takes the preferred order, else day first', () => {
    expect(decideDateFormat(['5/3/2024', '6/3/2024'])).toEqual({
      order: 'dmy',
      ambiguous: true,
      spellings: { 'slash-dmy': 2 },
    });
    expect(decideDateFormat(['5/3/2024', '6/3/2024'], 'mdy')).toEqual({
      order: 'mdy',
      ambiguous: true,
      spellings: { 'slash-mdy': 2 },
    });
  });

  it('gives a column without D/M values the order ymd', () => {
    expect(
      decideDateFormat(['2024-03-05', '2024-03-06 10:00', '2024年3月5日', '20240305']),
    ).toEqual({
      order: 'ymd',
      ambiguous: false,
      spellings: { iso: 2, cjk: 1, compact: 1 },
    });
    expect(decideDateFormat(['5 Mar 2024', '45356', 'junk'])).toEqual({
      order: 'ymd',
      ambiguous: false,
      spellings: { monthName: 1, excelSerial: 1 },
    });
  });

  it('reports a file that changes its format halfway: the majority wins, the minority is invalid', () => {
    // The first half is written day first, the second month first.
    const values: string[] = [];
    for (let d = 1; d <= 28; d++) values.push(`${d}/1/2024`); // 13..28 prove day first
    for (let d = 1; d <= 20; d++) values.push(`2/${d}/2024`); // 13..20 prove month first
    const info = decideDateFormat(values);
    // 16 day-first proofs against 8 month-first proofs; the 12 + 12 values that fit both are read day first.
    expect(info).toEqual({
      order: 'dmy',
      ambiguous: false,
      spellings: { 'slash-dmy': 16 + 24, 'slash-mdy': 8 },
    });
    const invalid = values.filter((v) => parseDate(v, info, false) === null);
    expect(invalid).toEqual([
      '2/13/2024',
      '2/14/2024',
      '2/15/2024',
      '2/16/2024',
      '2/17/2024',
      '2/18/2024',
      '2/19/2024',
      '2/20/2024',
    ]);
    expect(parseDate('2/1/2024', info, false)).toEqual(day(2024, 1, 2));
  });

  it('breaks a tie between the two orders with the preferred one', () => {
    const values = ['13/1/2024', '1/13/2024'];
    expect(decideDateFormat(values).order).toBe('dmy');
    expect(decideDateFormat(values, 'mdy').order).toBe('mdy');
    expect(decideDateFormat(values, 'mdy').spellings).toEqual({ 'slash-dmy': 1, 'slash-mdy': 1 });
  });
});

describe('speed', () => {
  it('parses 10k distinct timestamps in a few milliseconds once warm', () => {
    const iso: string[] = [];
    const slash: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const d = new Date(Date.UTC(2010, 11, 1) + i * 7_777_777);
      iso.push(d.toISOString().slice(0, 19).replace('T', ' '));
      slash.push(
        `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()} ${d.getUTCHours()}:30`,
      );
    }
    let best = Infinity;
    for (let rep = 0; rep < 5; rep++) {
      const t = performance.now();
      const a = decideDateFormat(iso);
      const b = decideDateFormat(slash);
      let ok = 0;
      for (const s of iso) if (parseDate(s, a, false)) ok++;
      for (const s of slash) if (parseDate(s, b, false)) ok++;
      best = Math.min(best, performance.now() - t);
      expect(ok).toBe(20_000);
    }
    // Generous bound (shared CI machines); measured ~10 ms for these 40k scans.
    expect(best).toBeLessThan(200);
  });

  it('does not backtrack on long junk', () => {
    const t = performance.now();
    for (let i = 0; i < 1000; i++) {
      parseDate('2024-03-05 10:30:' + '9'.repeat(50), DMY, true);
      parseDate('1'.repeat(60) + 'x', DMY, true);
      parseDate('Mar ' + ' '.repeat(55) + '5', DMY, true);
    }
    expect(performance.now() - t).toBeLessThan(500);
  });
});

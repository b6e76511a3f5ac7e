/**
 * Feature scaling (src/core/cluster/scale.ts) against scikit-learn's scalers and hand
 * values, and the feature matrix of a table (src/core/cluster/features.ts): missing values
 * dropped or imputed and counted, one-hot names, dates as days, per-feature scaling.
 */
import { describe, expect, it } from 'vitest';
import {
  fitScaler,
  inverseTransform,
  transform,
  type Scaling,
} from '../../src/core/cluster/scale.ts';
import { buildFeatures, DEFAULT_FEATURES } from '../../src/core/cluster/features.ts';
import { LensError } from '../../src/core/errors.ts';
import { createRng } from '../../src/core/stats/random.ts';
import { dictColumn, numericColumn, type Table } from '../../src/core/table/index.ts';
import { generateDemoShop } from '../../src/core/demo/index.ts';
import { buildProfiles } from '../../src/core/customers/profiles.ts';

// X = np.array([[1, 10, 5, -3], [2, 0, 5, 4], [4, 30, 5, 0], [8, 20, 5, 10], [16, 100, 5, -1]], float)
const X = Float64Array.from([1, 10, 5, -3, 2, 0, 5, 4, 4, 30, 5, 0, 8, 20, 5, 10, 16, 100, 5, -1]);

function expectMatrix(got: Float64Array, want: number[][], digits = 10): void {
  expect(got.length).toBe(want.length * want[0].length);
  want.flat().forEach((v, i) => expect(got[i]).toBeCloseTo(v, digits));
}

function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof LensError ? e.code : String(e);
  }
  return 'no error';
}

describe('scalers vs scikit-learn 1.2.1', () => {
  it('z = StandardScaler (population sd; the constant column gets scale 1)', () => {
    // StandardScaler().fit_transform(X).round(12)
    const s = fitScaler(X, 5, 4, 'z');
    expectMatrix(transform(s, X, 5), [
      [-0.953206247639, -0.620765912781, 0.0, -1.085930606908],
      [-0.769897353862, -0.902932236773, 0.0, 0.434372242763],
      [-0.403279566309, -0.056433264798, 0.0, -0.434372242763],
      [0.329956008798, -0.33859958879, 0.0, 1.737488971052],
      [1.796427159012, 1.918731003143, 0.0, -0.651558364145],
    ]);
    expect(Array.from(s.center)).toEqual([6.2, 32, 5, 2]);
    expect(s.scale[2]).toBe(1);
    expect(s.scaling).toBe('z');
  });

  it('minmax = MinMaxScaler', () => {
    // MinMaxScaler().fit_transform(X).round(12)
    expectMatrix(transform(fitScaler(X, 5, 4, 'minmax'), X, 5), [
      [0.0, 0.1, 0.0, 0.0],
      [0.066666666667, 0.0, 0.0, 0.538461538462],
      [0.2, 0.3, 0.0, 0.230769230769],
      [0.466666666667, 0.2, 0.0, 1.0],
      [1.0, 1.0, 0.0, 0.153846153846],
    ]);
  });

  it('robust = RobustScaler (median, IQR of numpy linear percentiles)', () => {
    // RobustScaler().fit_transform(X).round(12)
    const s = fitScaler(X, 5, 4, 'robust');
    expectMatrix(transform(s, X, 5), [
      [-0.5, -0.5, 0.0, -0.6],
      [-0.333333333333, -1.0, 0.0, 0.8],
      [0.0, 0.5, 0.0, 0.0],
      [0.666666666667, 0.0, 0.0, 2.0],
      [2.0, 4.0, 0.0, -0.2],
    ]);
    expect(Array.from(s.center)).toEqual([4, 20, 5, 0]);
    expect(Array.from(s.scale)).toEqual([6, 20, 1, 5]);
  });

  it('log1p-z = log1p then StandardScaler; a column with negatives is shifted to min 0 first', () => {
    // StandardScaler().fit_transform(np.log1p(X[:, :3])).round(12)
    // c = X[:, 3]; StandardScaler().fit_transform(np.log1p(c - c.min()).reshape(-1, 1)).round(12)
    const s = fitScaler(X, 5, 4, 'log1p-z');
    expect(Array.from(s.shift)).toEqual([0, 0, 0, 3]);
    expect(s.log).toEqual([true, true, true, true]);
    expectMatrix(transform(s, X, 5), [
      [-1.300952197027, -0.196330580052, 0.0, -1.602805822985],
      [-0.769839219604, -1.763457047117, 0.0, 0.710642310545],
      [-0.100716001459, 0.480799529372, 0.0, -0.060507067299],
      [0.669217389709, 0.226267752732, 0.0, 1.333233556388],
      [1.50229002838, 1.252720345065, 0.0, -0.380562976649],
    ]);
  });

  it('none leaves the values alone; per-column scalings mix', () => {
    expect(Array.from(transform(fitScaler(X, 5, 4, 'none'), X, 5))).toEqual(Array.from(X));
    const s = fitScaler(X, 5, 4, ['none', 'minmax', 'z', 'robust']);
    expect(s.scaling).toBe('mixed');
    expect(s.scalings).toEqual(['none', 'minmax', 'z', 'robust']);
    const y = transform(s, X, 5);
    expect([y[0], y[1], y[3]]).toEqual([1, 0.1, -0.6]);
  });

  it.each<Scaling>(['none', 'z', 'minmax', 'log1p-z', 'robust'])(
    'inverseTransform undoes %s (random data with negatives)',
    (scaling) => {
      const rng = createRng(3);
      const n = 200;
      const d = 3;
      const raw = Float64Array.from({ length: n * d }, (_, i) =>
        i % d === 0 ? rng.exponential(500) : i % d === 1 ? rng.normal(-20, 40) : rng.int(1, 30),
      );
      const s = fitScaler(raw, n, d, scaling);
      const back = inverseTransform(s, transform(s, raw, n), n);
      for (let i = 0; i < raw.length; i++) {
        expect(Math.abs(back[i] - raw[i])).toBeLessThan(1e-9 * Math.max(1, Math.abs(raw[i])));
      }
    },
  );

  it('refuses unknown scalings, a wrong count, non-finite values and no rows', () => {
    expect(errorCode(() => fitScaler(X, 5, 4, 'log' as Scaling))).toBe('error.cluster.scaling');
    expect(errorCode(() => fitScaler(X, 5, 4, ['z', 'z']))).toBe('error.cluster.scalings');
    expect(errorCode(() => fitScaler(Float64Array.from([1, NaN]), 2, 1, 'z'))).toBe(
      'error.cluster.notFinite',
    );
    expect(errorCode(() => fitScaler(new Float64Array(0), 0, 1, 'z'))).toBe(
      'error.cluster.noPoints',
    );
    expect(errorCode(() => fitScaler(X, 4, 4, 'z'))).toBe('error.cluster.shape');
  });
});

describe('buildFeatures', () => {
  const DAY = 86_400_000;
  // Six customers; nulls: spend row 2, visits row 4, gender row 5.
  const table: Table = {
    rowCount: 6,
    columns: [
      dictColumn('customer_id', ['a', 'b', 'c', 'd', 'e', 'f']),
      numericColumn('spend', 'f64', [10, 20, null, 40, 50, 60]),
      numericColumn('visits', 'i32', [1, 2, 3, 4, null, 6]),
      numericColumn('first', 'date', [0, DAY, 2 * DAY, 3 * DAY, 10 * DAY, 20 * DAY]),
      dictColumn('gender', ['F', 'M', 'F', 'F', 'X', null]),
      numericColumn('ratio', 'f64', [0.5, Infinity, 0.5, 0.5, 0.5, 0.5]),
    ],
  };

  it('drops rows with a missing value and counts them; one-hot names are column=value', () => {
    const m = buildFeatures(table, {
      columns: ['spend', 'visits', 'first'],
      oneHot: ['gender'],
      scaling: 'none',
      missing: 'drop',
    });
    expect(m.names).toEqual(['spend', 'visits', 'first', 'gender=F', 'gender=M']);
    expect(Array.from(m.rows)).toEqual([0, 1, 3]);
    expect(m).toMatchObject({ n: 3, d: 5, dropped: 3, imputed: 0 });
    expect(Array.from(m.raw)).toEqual([10, 1, 0, 1, 0, 20, 2, 1, 0, 1, 40, 4, 3, 1, 0]);
    expect(Array.from(m.scaled)).toEqual(Array.from(m.raw));
  });

  it('imputes the median (numbers) and the most frequent value (text), counting the values filled', () => {
    const m = buildFeatures(table, {
      columns: ['spend', 'gender', 'visits', 'ratio'],
      oneHot: ['gender'],
      scaling: 'none',
      missing: 'impute-median',
    });
    expect(m.names).toEqual(['spend', 'gender=F', 'gender=M', 'gender=X', 'visits', 'ratio']);
    expect(m).toMatchObject({ n: 6, d: 6, dropped: 0, imputed: 4 });
    const col = (j: number): number[] => Array.from({ length: 6 }, (_, i) => m.raw[i * 6 + j]);
    expect(col(0)).toEqual([10, 20, 40, 40, 50, 60]); // median of 10 20 40 50 60
    expect(col(1)).toEqual([1, 0, 1, 1, 0, 1]); // the missing gender becomes F
    expect(col(4)).toEqual([1, 2, 3, 4, 3, 6]); // median of 1 2 3 4 6
    expect(col(5)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]); // Infinity counts as missing
  });

  it('scales per feature by name (one-hot by source column); unnamed features stay as they are', () => {
    const m = buildFeatures(table, {
      columns: ['spend', 'first'],
      oneHot: ['gender'],
      scaling: { spend: 'z', gender: 'minmax' },
      missing: 'drop',
    });
    // Rows 0, 1, 3, 4 (visits is not a feature here); genders F, M, X.
    expect(Array.from(m.rows)).toEqual([0, 1, 3, 4]);
    expect(m.names).toEqual(['spend', 'first', 'gender=F', 'gender=M', 'gender=X']);
    expect(m.scaler.scalings).toEqual(['z', 'none', 'minmax', 'minmax', 'minmax']);
    const spend = [10, 20, 40, 50];
    const mean = spend.reduce((a, b) => a + b) / 4;
    const sd = Math.sqrt(spend.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
    expect(m.scaled[0]).toBeCloseTo((10 - mean) / sd, 12);
    expect(m.scaled[1]).toBe(0); // first order as days, unscaled
    expect(m.scaled[5 + 1]).toBe(1); // row 1: day 1
    expect(m.scaled[3 * 5 + 1]).toBe(10); // row 4: day 10
  });

  it('refuses unknown columns, text without one-hot, one-hot of numbers, no features, bad missing', () => {
    const spec = { scaling: 'z' as const, missing: 'drop' as const };
    expect(errorCode(() => buildFeatures(table, { ...spec, columns: ['nope'] }))).toBe(
      'error.cluster.column',
    );
    expect(errorCode(() => buildFeatures(table, { ...spec, columns: ['gender'] }))).toBe(
      'error.cluster.textColumn',
    );
    expect(errorCode(() => buildFeatures(table, { ...spec, columns: [], oneHot: ['spend'] }))).toBe(
      'error.cluster.oneHotColumn',
    );
    expect(errorCode(() => buildFeatures(table, { ...spec, columns: [] }))).toBe(
      'error.cluster.noFeatures',
    );
    expect(
      errorCode(() =>
        buildFeatures(table, { columns: ['spend'], scaling: 'z', missing: 'zero' as 'drop' }),
      ),
    ).toBe('error.cluster.missing');
    const empty: Table = { rowCount: 2, columns: [numericColumn('x', 'f64', [null, null])] };
    expect(errorCode(() => buildFeatures(empty, { ...spec, columns: ['x'] }))).toBe(
      'error.cluster.noPoints',
    );
    expect(
      errorCode(() =>
        buildFeatures(empty, { columns: ['x'], scaling: 'z', missing: 'impute-median' }),
      ),
    ).toBe('error.cluster.allMissing');
  });

  it('builds recency, frequency and monetary of demo profiles with log1p-z (mean 0, sd 1)', () => {
    const shop = generateDemoShop({ customers: 500, seed: 7 });
    const profiles = buildProfiles(shop.transactions, shop.roles.transactions).table;
    const m = buildFeatures(profiles, {
      columns: DEFAULT_FEATURES,
      scaling: 'log1p-z',
      missing: 'drop',
    });
    expect(m.names).toEqual(['recency_days', 'frequency', 'monetary']);
    expect(m.n + m.dropped).toBe(profiles.rowCount);
    for (let j = 0; j < 3; j++) {
      let s = 0;
      let ss = 0;
      for (let i = 0; i < m.n; i++) s += m.scaled[i * 3 + j];
      for (let i = 0; i < m.n; i++) ss += (m.scaled[i * 3 + j] - s / m.n) ** 2;
      expect(s / m.n).toBeCloseTo(0, 10);
      expect(Math.sqrt(ss / m.n)).toBeCloseTo(1, 10);
    }
    // Centroid of everything maps back to a value inside the column's range.
    const back = inverseTransform(m.scaler, new Float64Array(3), 1);
    const monetary = Array.from({ length: m.n }, (_, i) => m.raw[i * 3 + 2]);
    expect(back[2]).toBeGreaterThan(Math.min(...monetary));
    expect(back[2]).toBeLessThan(Math.max(...monetary));
  });
});

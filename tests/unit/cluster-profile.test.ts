/** Cluster profiles, names and the cross-tab (core/cluster/profile.ts) against hand-made data. */
import { describe, expect, it } from 'vitest';
import { clusterName, crossTab, profileClusters } from '../../src/core/cluster/profile.ts';
import { createRng } from '../../src/core/stats/random.ts';

describe('profileClusters', () => {
  // Two clusters over (recency_days, frequency, monetary); scaled = raw for simplicity.
  const raw = Float64Array.from([
    5,
    10,
    1000, // cluster 0: recent, frequent, high value
    7,
    12,
    1400,
    200,
    1,
    20, // cluster 1: lapsed, infrequent, low value
    300,
    1,
    40,
    250,
    2,
    30,
  ]);
  const labels = Int32Array.from([0, 0, 1, 1, 1]);
  const revenue = Float64Array.from([1000, 1400, 20, 40, 30]);
  const input = {
    raw,
    scaled: raw,
    n: 5,
    d: 3,
    names: ['recency_days', 'frequency', 'monetary'],
    labels,
    k: 2,
    revenue,
  };

  it('sizes, shares, revenue, means and indices equal hand computation', () => {
    const { clusters, noise, overallMeans } = profileClusters(input);
    expect(noise).toBeNull();
    expect(overallMeans).toEqual([(5 + 7 + 200 + 300 + 250) / 5, 26 / 5, 2490 / 5]);
    const [a, b] = clusters;
    expect(a.size).toBe(2);
    expect(b.size).toBe(3);
    expect(a.share).toBeCloseTo(0.4, 12);
    expect(a.revenue).toBe(2400);
    expect(b.revenueShare).toBeCloseTo(90 / 2490, 12);
    expect(a.means).toEqual([6, 11, 1200]);
    expect(b.means[2]).toBeCloseTo(30, 12);
    expect(a.index[2]).toBeCloseTo((1200 / 498) * 100, 9);
  });

  it('names the clusters from their standardised differences, value first', () => {
    const { clusters } = profileClusters(input);
    expect(clusters[0].name.map((p) => p.key)).toEqual([
      'cluster.name.monetary.high',
      'cluster.name.frequency.high',
      'cluster.name.recency.low',
    ]);
    expect(clusters[1].name.map((p) => p.key)).toEqual([
      'cluster.name.monetary.low',
      'cluster.name.frequency.low',
      'cluster.name.recency.high',
    ]);
  });

  it('profiles noise apart and rejects labels out of range', () => {
    const withNoise = { ...input, labels: Int32Array.from([0, 0, 1, 1, -1]) };
    const { clusters, noise } = profileClusters(withNoise);
    expect(noise?.size).toBe(1);
    expect(clusters[1].size).toBe(2);
    expect(() => profileClusters({ ...input, labels: Int32Array.from([0, 0, 1, 1, 2]) })).toThrow(
      expect.objectContaining({ code: 'error.clusterProfile.label' }),
    );
  });
});

describe('clusterName', () => {
  it('keeps at most three telling features; others by |t|; average when none', () => {
    const names = ['age', 'monetary', 'income', 'visits'];
    expect(clusterName([0.1, -0.2, 0.3, 0.4], names)).toEqual([{ key: 'cluster.name.average' }]);
    expect(clusterName([0.6, 0.7, -2, 0.9], names)).toEqual([
      { key: 'cluster.name.monetary.high' },
      { key: 'cluster.name.other.low', params: { feature: 'income' } },
      { key: 'cluster.name.other.high', params: { feature: 'visits' } },
    ]);
  });
});

describe('crossTab', () => {
  it('equals counting pairs by brute force and skips negative labels', () => {
    const rng = createRng(5);
    const a = Int32Array.from({ length: 500 }, () => rng.int(-1, 3));
    const b = Uint8Array.from({ length: 500 }, () => rng.int(0, 4));
    const got = crossTab(a, 4, b, 5);
    for (let x = 0; x < 4; x++) {
      for (let y = 0; y < 5; y++) {
        let want = 0;
        for (let i = 0; i < 500; i++) if (a[i] === x && b[i] === y) want++;
        expect(got[x][y]).toBe(want);
      }
    }
    const total = got.flat().reduce((s, v) => s + v, 0);
    expect(total).toBe([...a].filter((v) => v >= 0).length);
  });
});

/**
 * k-means benchmarks in Node on the wasm backend, each beside its scikit-learn peer in the
 * same run (`../shared/peers`). Prints tables; never fails on time.
 *
 * 1. 1,000,000 × 3 points (8 Gaussian blobs, `kmeans_big.py make … 1000000 3 8 7`), k = 8,
 *    one restart, Lloyd: the peer's `fit` (scikit-learn KMeans, C + OpenMP on every core)
 *    and ours on the same Float64Array, 3 runs each, medians and the ratio ours/peer.
 * 2. Online Retail RFM, k = 4, 10 restarts, against `rfm_kmeans.py`'s `kmeans_n_init10`
 *    stage: (a) on the peer-equivalent matrix (the peer's own pandas definitions, written
 *    by a Python snippet copied from the peer, so both cluster identical numbers and the
 *    inertias compare); (b) end to end from our own core: transactions file → profiles
 *    (src/core/customers) → log1p + z-score of recency, frequency, monetary for customers
 *    with monetary > 0 → k-means.
 * 3. Silhouette (exact) on the RFM matrix (≤ 5,000 rows) against the peer's
 *    `silhouette_exact` stage — only when src/core/stats/clusterMetrics.ts exists.
 *
 * Run: npx vitest run --project bench-node --reporter=verbose
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { initEngine } from '../../src/engine/node.ts';
import { kmeans, type KMeansResult } from '../../src/core/cluster/kmeans.ts';
import { buildProfiles } from '../../src/core/customers/profiles.ts';
import { findColumn, type Column } from '../../src/core/table/index.ts';
import { readTransactionsFile } from '../../src/cli/input.ts';
import { medianOf } from '../support/wide-table.ts';
import type { EngineInfo } from '../../src/workers/api.ts';

const RUNS = 3;
const PYTHON = '/usr/bin/python3';
const SHARED = resolve(import.meta.dirname, '../../../shared');
const BIG_PEER = resolve(SHARED, 'peers/kmeans_big.py');
const RFM_PEER = resolve(SHARED, 'peers/rfm_kmeans.py');
const ONLINE_RETAIL = resolve(SHARED, 'data/online_retail/online_retail.csv');
const BIG_FILE = '/tmp/km-1m.f64';
const RFM_FILE = '/tmp/km-rfm-peer.f64';
const METRICS = resolve(import.meta.dirname, '../../src/core/stats/clusterMetrics.ts');

let engine: EngineInfo;

beforeAll(async () => {
  engine = await initEngine({ prefer: ['wasm'] });
});

const hasPython = (): boolean => existsSync(PYTHON);
const fmt = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');

function python(args: string[]): string {
  return execFileSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
}

function readF64(path: string): Float64Array {
  const buf = readFileSync(path);
  return new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

function timed<T>(fn: () => T): { value: T; seconds: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

function engineLine(): string {
  return `engine: ${engine.backend} (${engine.wasmSimd ? 'SIMD' : 'no SIMD'}${engine.wasmThreads ? ', threads' : ', 1 thread'}), tfjs ${engine.tfjsVersion}`;
}

it.skipIf(!existsSync(BIG_PEER) || !hasPython())(
  'k-means 1,000,000 × 3, k = 8, one restart: ours vs scikit-learn',
  () => {
    const made = JSON.parse(
      python([BIG_PEER, 'make', BIG_FILE, '1000000', '3', '8', '7']).trim(),
    ) as { n: number; d: number };
    const points = readF64(BIG_FILE);
    const n = points.length / 3;
    expect(n).toBe(made.n);

    const peer: { seconds: number; inertia: number; n_iter: number }[] = [];
    const ours: { seconds: number; result: KMeansResult }[] = [];
    for (let r = 0; r < RUNS; r++) {
      // Alternate, so both see the same machine load.
      peer.push(JSON.parse(python([BIG_PEER, 'fit', BIG_FILE, '3', '8', '1']).trim()));
      const { value, seconds } = timed(() =>
        kmeans(points, n, 3, { k: 8, nInit: 1, method: 'lloyd', seed: 0 }),
      );
      ours.push({ seconds, result: value });
    }
    const peerMedian = medianOf(peer.map((p) => p.seconds));
    const oursMedian = medianOf(ours.map((o) => o.seconds));
    const oursInertia = ours[0].result.inertia;
    const peerInertia = peer[0].inertia;
    // The same seed gives the same result every run.
    for (const o of ours) expect(o.result.inertia).toBe(oursInertia);

    console.log(
      [
        '',
        `k-means 1,000,000 × 3, k = 8, nInit 1, Lloyd — ${engineLine()}; peer: scikit-learn KMeans (OpenMP, all cores)`,
        'runs (s)        ' + ['ours', 'peer'].map((s) => s.padStart(24)).join(''),
        ...ours.map(
          (o, i) =>
            `  run ${i + 1}         ${fmt(o.seconds).padStart(24)}${fmt(peer[i].seconds).padStart(24)}`,
        ),
        `median (s)      ${fmt(oursMedian).padStart(24)}${fmt(peerMedian).padStart(24)}`,
        `iterations      ${String(ours[0].result.iterations).padStart(24)}${String(peer[0].n_iter).padStart(24)}`,
        `inertia         ${fmt(oursInertia, 1).padStart(24)}${fmt(peerInertia, 1).padStart(24)}`,
        `ratio ours/peer: time ${fmt(oursMedian / peerMedian, 2)}×, inertia ${fmt(oursInertia / peerInertia, 4)}`,
        '(one restart: which local optimum a run reaches depends on its k-means++ draws; the two libraries draw differently)',
      ].join('\n'),
    );
    expect(Number.isFinite(oursMedian)).toBe(true);
  },
);

/** The peer's RFM features, computed exactly as rfm_kmeans.py does, written as n×3 float64. */
const PEER_FEATURES = `
import sys, numpy as np, pandas as pd
df = pd.read_csv(sys.argv[1], dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": str}, parse_dates=["InvoiceDate"])
df = df.dropna(subset=["CustomerID"]).drop_duplicates()
df["Amount"] = df["Quantity"] * df["UnitPrice"]
end = df["InvoiceDate"].max()
g = df.groupby("CustomerID")
rfm = pd.DataFrame({"recency": (end - g["InvoiceDate"].max()).dt.total_seconds() / 86400.0,
                    "frequency": g["InvoiceNo"].nunique(), "monetary": g["Amount"].sum()})
x = rfm[rfm["monetary"] > 0]
f = np.column_stack([np.log1p(x["recency"]), np.log1p(x["frequency"]), np.log1p(x["monetary"])])
f = (f - f.mean(axis=0)) / f.std(axis=0)
f.astype("<f8").tofile(sys.argv[2])
print(len(f))
`;

interface PeerRfm {
  clustered: number;
  inertia: number;
  silhouette: number;
  seconds: { kmeans_n_init10: number; silhouette_exact: number; rfm: number; read_csv: number };
}

/** log1p then z-score (population sd) of the columns, customers with monetary > 0. */
function rfmMatrix(recency: Column, frequency: Column, monetary: Column, rows: number) {
  const keep: number[] = [];
  const value = (c: Column, r: number): number =>
    c.type === 'f64' || c.type === 'i32' || c.type === 'date' ? c.values[r] : NaN;
  for (let r = 0; r < rows; r++) if (value(monetary, r) > 0) keep.push(r);
  const n = keep.length;
  const points = new Float64Array(n * 3);
  [recency, frequency, monetary].forEach((col, j) => {
    let mean = 0;
    for (let i = 0; i < n; i++) {
      const v = Math.log1p(value(col, keep[i]));
      points[i * 3 + j] = v;
      mean += v / n;
    }
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (points[i * 3 + j] - mean) ** 2;
    const sd = Math.sqrt(ss / n);
    for (let i = 0; i < n; i++) points[i * 3 + j] = (points[i * 3 + j] - mean) / sd;
  });
  return { points, n };
}

it.skipIf(!existsSync(RFM_PEER) || !existsSync(ONLINE_RETAIL) || !hasPython())(
  'Online Retail RFM k-means, k = 4, 10 restarts (and silhouette): ours vs pandas + scikit-learn',
  async () => {
    const K = 4;
    const peerRuns: PeerRfm[] = [];
    for (let r = 0; r < RUNS; r++)
      peerRuns.push(JSON.parse(python([RFM_PEER, ONLINE_RETAIL, String(K)]).trim()) as PeerRfm);
    const peerKm = medianOf(peerRuns.map((p) => p.seconds.kmeans_n_init10));
    const peerSil = medianOf(peerRuns.map((p) => p.seconds.silhouette_exact));

    // (a) the peer-equivalent matrix
    const n = Number(python(['-c', PEER_FEATURES, ONLINE_RETAIL, RFM_FILE]).trim());
    const peerPoints = readF64(RFM_FILE);
    expect(n).toBe(peerRuns[0].clustered);
    const onPeer = Array.from({ length: RUNS }, () =>
      timed(() => kmeans(peerPoints, n, 3, { k: K, nInit: 10, method: 'lloyd', seed: 0 })),
    );
    const onPeerResult = onPeer[0].value;

    // (b) end to end from our core
    const read = await (async () => {
      const t0 = performance.now();
      const value = await readTransactionsFile(ONLINE_RETAIL, {});
      return { value, seconds: (performance.now() - t0) / 1000 };
    })();
    const profiles = timed(() => buildProfiles(read.value.table, read.value.roles));
    const features = timed(() => {
      const t = profiles.value.table;
      const col = (name: string): Column => {
        const c = findColumn(t, name);
        if (!c) throw new Error(`profiles lack ${name}`);
        return c;
      };
      return rfmMatrix(col('recency_days'), col('frequency'), col('monetary'), t.rowCount);
    });
    const m = features.value;
    const ownRuns = Array.from({ length: RUNS }, () =>
      timed(() => kmeans(m.points, m.n, 3, { k: K, nInit: 10, method: 'lloyd', seed: 0 })),
    );

    // 3. silhouette, when the metrics module is there
    let silhouette: { ours: number; seconds: number } | null = null;
    if (existsSync(METRICS)) {
      const metrics = (await import(/* @vite-ignore */ pathToFileURL(METRICS).href)) as {
        silhouetteScore: (
          p: Float64Array,
          n: number,
          d: number,
          l: Int32Array,
        ) => { score: number; sampled: boolean; sampleSize: number };
      };
      const runs = Array.from({ length: RUNS }, () =>
        timed(() => metrics.silhouetteScore(peerPoints, n, 3, onPeerResult.labels)),
      );
      silhouette = { ours: runs[0].value.score, seconds: medianOf(runs.map((r) => r.seconds)) };
    }

    const oursOnPeer = medianOf(onPeer.map((r) => r.seconds));
    const oursOwn = medianOf(ownRuns.map((r) => r.seconds));
    const peer0 = peerRuns[0];
    console.log(
      [
        '',
        `Online Retail RFM, k = ${K}, 10 restarts — ${engineLine()}; peer: ${String((peer0 as unknown as { peer: string }).peer)}`,
        `                                   rows      median s    inertia        ratio (time)`,
        `peer kmeans_n_init10               ${String(peer0.clustered).padStart(6)}    ${fmt(peerKm).padStart(8)}    ${fmt(peer0.inertia, 2).padStart(9)}`,
        `ours on the peer-equivalent matrix ${String(n).padStart(6)}    ${fmt(oursOnPeer).padStart(8)}    ${fmt(onPeerResult.inertia, 2).padStart(9)}    ${fmt(oursOnPeer / peerKm, 2)}×  (inertia ratio ${fmt(onPeerResult.inertia / peer0.inertia, 4)})`,
        `ours on our own profiles           ${String(m.n).padStart(6)}    ${fmt(oursOwn).padStart(8)}    ${fmt(ownRuns[0].value.inertia, 2).padStart(9)}    ${fmt(oursOwn / peerKm, 2)}×`,
        `  our pipeline before k-means: read + type ${fmt(read.seconds, 2)} s, profiles ${fmt(profiles.seconds, 2)} s, features ${fmt(features.seconds, 3)} s (peer: read_csv ${fmt(peer0.seconds.read_csv, 2)} s, rfm ${fmt(peer0.seconds.rfm, 2)} s)`,
        `  (our profiles count orders without cancellations and recency in whole days, the peer counts every invoice and fractional days — hence the different row count)`,
        silhouette
          ? `silhouette (exact, ${n} rows): ours ${fmt(silhouette.seconds)} s = ${fmt(silhouette.ours, 4)}; peer ${fmt(peerSil)} s = ${fmt(peer0.silhouette, 4)}; ratio ${fmt(silhouette.seconds / peerSil, 2)}×`
          : `silhouette: skipped (src/core/stats/clusterMetrics.ts not present); peer silhouette_exact ${fmt(peerSil)} s`,
      ].join('\n'),
    );
    expect(onPeerResult.inertia / peer0.inertia).toBeLessThan(1.05);
  },
);

/**
 * The engine in real chromium (page context): backend choice under headless
 * --disable-gpu (SwiftShader WebGL), wasm binaries from our own origin, and the
 * kernel's numbers on wasm and on WebGL. Prints the measurements that back the backend
 * decision documented in src/engine/engine.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '../../src/engine/browser.ts';
import { squaredDistances } from '../../src/engine/index.ts';
import { bruteForceSquaredDistances, lcg, maxRelativeError } from '../support/distances.ts';
import { medianOf } from '../support/wide-table.ts';
import type { EngineInfo } from '../../src/workers/api.ts';

let info: EngineInfo;

beforeAll(async () => {
  info = await initEngine();
});

describe('engine in chromium (page)', () => {
  it('chooses wasm over software WebGL and loads the wasm binary from our origin', async () => {
    console.info('[engine] page EngineInfo', JSON.stringify(info));
    expect(info.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.wasmSimd).toBe(true);
    expect(info.tfjsVersion).toBe('4.22.0');
    expect(info.available).toEqual(expect.arrayContaining(['wasm', 'cpu']));
    // Headless chromium with --disable-gpu renders WebGL with SwiftShader: the rule skips it.
    expect(info.webglRenderer).toMatch(/swiftshader/i);
    expect(info.decision).toMatch(/^WebGL is software/);
    expect(info.benchmarkMs).toBeUndefined();

    const url = new URL(info.wasmUrl!);
    expect(url.origin).toBe(location.origin);
    expect(url.pathname).toMatch(/tfjs-backend-wasm(-simd|-threaded-simd)?\.wasm$/);
    const wasmEntries = performance
      .getEntriesByType('resource')
      .filter((e) => /\.wasm(\?|$)/.test(e.name));
    expect(wasmEntries.length).toBeGreaterThan(0);
    for (const e of wasmEntries) expect(new URL(e.name).origin).toBe(location.origin);
    // The binary really is served there, as WebAssembly.
    const bytes = new Uint8Array(await (await fetch(info.wasmUrl!)).arrayBuffer());
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0, 0x61, 0x73, 0x6d]); // "\0asm"
  });

  it('squaredDistances matches brute force on wasm and on (SwiftShader) WebGL; prints timings', async () => {
    const rand = lcg(11);
    const n = 20_000;
    const d = 4;
    const k = 8;
    const points = new Float64Array(n * d).map(() => rand() * 6 - 3);
    const centroids = new Float64Array(k * d).map(() => rand() * 6 - 3);
    const want = bruteForceSquaredDistances(points, n, d, centroids, k);

    const timings: Record<string, number> = {};
    for (const backend of ['wasm', 'webgl', 'cpu'] as const) {
      expect(await tf.setBackend(backend)).toBe(true);
      const got = squaredDistances(points, n, d, centroids, k); // warm-up (shader compile)
      expect(maxRelativeError(got, want), backend).toBeLessThan(1e-4);
      const times: number[] = [];
      for (let r = 0; r < 5; r++) {
        const t0 = performance.now();
        squaredDistances(points, n, d, centroids, k);
        times.push(performance.now() - t0);
      }
      timings[backend] = medianOf(times);
    }
    const t0 = performance.now();
    bruteForceSquaredDistances(points, n, d, centroids, k);
    timings.plainLoop = performance.now() - t0;
    console.info('[engine] squaredDistances 20k×4 vs 8, median ms', JSON.stringify(timings));
    expect(await tf.setBackend('wasm')).toBe(true);
    for (const v of Object.values(timings)) expect(v).toBeGreaterThan(0);
  });
});

import { describe, expect, it, beforeAll, vi } from 'vitest';
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { initEngine, WASM_DIST_DIR } from '../../src/engine/node.ts';
import { squaredDistances } from '../../src/engine/index.ts';
import { bruteForceSquaredDistances, lcg, maxRelativeError } from '../support/distances.ts';
import type { EngineInfo } from '../../src/workers/api.ts';

let info: EngineInfo;

beforeAll(async () => {
  info = await initEngine();
});

describe('engine (Node)', () => {
  it('initialises the wasm backend from node_modules and reports it', async () => {
    expect(info.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.available).toContain('wasm');
    expect(info.available).toContain('cpu');
    expect(info.available).not.toContain('webgl');
    expect(info.tfjsVersion).toBe('4.22.0');
    expect(info.wasmSimd).toBe(true); // Node 20's V8 has wasm SIMD
    expect(info.wasmThreads).toBe(false); // tfjs disables threads in Node
    expect(info.wasmUrl).toBe(`${WASM_DIST_DIR}/tfjs-backend-wasm-simd.wasm`);
    expect(existsSync(info.wasmUrl!)).toBe(true);
    expect(info.initMs).toBeGreaterThan(0);
    expect(info.initMs).toBeLessThan(10_000);
    expect(info.decision).toMatch(/^WebGL not offered on this platform; wasm \(SIMD\)$/);
    // Initialises once: a second call gives the same object without work.
    expect(await initEngine({ prefer: ['cpu'] })).toBe(info);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('kernels refuse to run before initEngine (fresh module state)', async () => {
    vi.resetModules();
    const fresh = await import('../../src/engine/index.ts');
    expect(fresh.currentEngineInfo()).toBeNull();
    expect(() => fresh.squaredDistances(new Float64Array(2), 1, 2, new Float64Array(2), 1)).toThrow(
      /initEngine/,
    );
  });

  it('computes a matMul and a sum exactly on wasm', () => {
    const a = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = tf.tensor2d([
      [7, 8],
      [9, 10],
      [11, 12],
    ]);
    const product = tf.matMul(a, b);
    expect(product.arraySync()).toEqual([
      [58, 64],
      [139, 154],
    ]);
    expect(tf.sum(product).dataSync()[0]).toBe(415);
    expect(Array.from(tf.sum(a, 0).dataSync())).toEqual([5, 7, 9]);
    tf.dispose([a, b, product]);
  });

  it('squaredDistances equals the brute-force loop (1e-4 relative)', () => {
    const rand = lcg(42);
    const n = 1_000;
    const d = 5;
    const k = 7;
    const points = new Float64Array(n * d).map(() => rand() * 10 - 5);
    const centroids = new Float64Array(k * d).map(() => rand() * 10 - 5);
    // Centroid 3 is exactly point 17: its distance must be exactly 0.
    centroids.set(points.subarray(17 * d, 18 * d), 3 * d);
    const tensorsBefore = tf.memory().numTensors;
    const got = squaredDistances(points, n, d, centroids, k);
    expect(tf.memory().numTensors).toBe(tensorsBefore); // nothing leaked
    expect(got).toBeInstanceOf(Float32Array);
    expect(got.length).toBe(n * k);
    const want = bruteForceSquaredDistances(points, n, d, centroids, k);
    expect(maxRelativeError(got, want)).toBeLessThan(1e-4);
    expect(got[17 * k + 3]).toBe(0);
    // One value by hand: point 0 to centroid 0.
    let s = 0;
    for (let j = 0; j < d; j++) s += (points[j] - centroids[j]) ** 2;
    expect(got[0]).toBeCloseTo(s, 4);
  });

  it('keeps precision for data with a large common offset (shift before float32)', () => {
    const rand = lcg(7);
    const n = 500;
    const d = 3;
    const k = 4;
    // Amounts around 10⁴ spread by ±1: float32 alone resolves only ~0.001 there.
    const points = new Float64Array(n * d).map(() => 10_000 + rand() * 2 - 1);
    const centroids = new Float64Array(k * d).map(() => 10_000 + rand() * 2 - 1);
    const got = squaredDistances(points, n, d, centroids, k);
    expect(
      maxRelativeError(got, bruteForceSquaredDistances(points, n, d, centroids, k)),
    ).toBeLessThan(1e-4);
  });

  it('handles Float32Array input, batching and degenerate sizes', () => {
    const rand = lcg(3);
    // 2^22 / (k·d) rows per batch: 70k rows × k=20 × d=3 spans two batches.
    const n = 70_000;
    const d = 3;
    const k = 20;
    const points = new Float32Array(n * d).map(() => rand() * 4 - 2);
    const centroids = new Float32Array(k * d).map(() => rand() * 4 - 2);
    const got = squaredDistances(points, n, d, centroids, k);
    expect(
      maxRelativeError(got, bruteForceSquaredDistances(points, n, d, centroids, k)),
    ).toBeLessThan(1e-4);

    expect(squaredDistances(new Float64Array(0), 0, 3, centroids.subarray(0, 6), 2)).toEqual(
      new Float32Array(0),
    );
    expect(squaredDistances(new Float64Array([1, 2]), 1, 2, new Float64Array(0), 0)).toEqual(
      new Float32Array(0),
    );
    expect(
      Array.from(squaredDistances(new Float64Array([1, 2, 4]), 3, 1, new Float64Array([0, 3]), 2)),
    ).toEqual([1, 4, 4, 1, 16, 1]);
    expect(() => squaredDistances(new Float64Array(5), 2, 3, new Float64Array(3), 1)).toThrow(
      RangeError,
    );
    expect(() => squaredDistances(new Float64Array(6), 2, 3, new Float64Array(4), 1)).toThrow(
      RangeError,
    );
  });
});

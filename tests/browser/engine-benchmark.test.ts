/**
 * The engine's hardware-GPU path (renderer rule → micro-benchmark), reached here by
 * telling the engine to treat SwiftShader as hardware. Its own test file, so that its
 * engine state (one initialisation per JS context) is separate from engine.test.ts.
 */
import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { initEngineOn } from '../../src/engine/engine.ts';

it('benchmarks wasm against WebGL when the GPU counts as hardware, keeps the faster and frees the other', async () => {
  const info = await initEngineOn({
    wasmFiles: {
      'tfjs-backend-wasm.wasm': plainUrl,
      'tfjs-backend-wasm-simd.wasm': simdUrl,
      'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdUrl,
    },
    webgl: true,
    isSoftwareRenderer: () => false,
  });
  console.info('[engine] benchmark path', JSON.stringify(info));
  expect(info.benchmarkMs?.wasm).toBeGreaterThan(0);
  expect(info.benchmarkMs?.webgl).toBeGreaterThan(0);
  const faster = info.benchmarkMs!.webgl < info.benchmarkMs!.wasm ? 'webgl' : 'wasm';
  expect(info.backend).toBe(faster);
  expect(tf.getBackend()).toBe(faster);
  expect(info.decision).toMatch(/^hardware WebGL/);
  if (faster === 'wasm') expect(tf.engine().backendNames()).not.toContain('webgl');
});

/**
 * The engine's browser entry (page and workers). The wasm binaries are imported with
 * Vite's `?url`, so the build emits them as assets of our own origin (precached by the
 * PWA) and nothing is fetched from a CDN. The WebGL backend is registered here only.
 */
import '@tensorflow/tfjs-backend-webgl';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { EngineInfo } from '../workers/api.ts';
import { initEngineOn, type EngineOptions } from './engine.ts';

export type { BackendName, EngineOptions } from './engine.ts';

export function initEngine(options?: EngineOptions): Promise<EngineInfo> {
  return initEngineOn(
    {
      wasmFiles: {
        'tfjs-backend-wasm.wasm': plainUrl,
        'tfjs-backend-wasm-simd.wasm': simdUrl,
        'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdUrl,
      },
      webgl: true,
    },
    options,
  );
}

/**
 * The engine's Node entry (unit tests, CLI). The wasm backend reads its binaries from
 * node_modules with `fs`; we point it at the package's dist folder explicitly so that it
 * does not depend on how the test runner bundles or externalises the package.
 * WebGL does not exist in Node.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { EngineInfo } from '../workers/api.ts';
import { initEngineOn, type EngineOptions } from './engine.ts';

export type { BackendName, EngineOptions } from './engine.ts';

const require = createRequire(import.meta.url);
/** …/node_modules/@tensorflow/tfjs-backend-wasm/dist (where the .wasm files sit next to the Node build). */
export const WASM_DIST_DIR = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));

export function initEngine(options?: EngineOptions): Promise<EngineInfo> {
  return initEngineOn(
    {
      wasmFiles: {
        'tfjs-backend-wasm.wasm': join(WASM_DIST_DIR, 'tfjs-backend-wasm.wasm'),
        'tfjs-backend-wasm-simd.wasm': join(WASM_DIST_DIR, 'tfjs-backend-wasm-simd.wasm'),
        'tfjs-backend-wasm-threaded-simd.wasm': join(
          WASM_DIST_DIR,
          'tfjs-backend-wasm-threaded-simd.wasm',
        ),
      },
      webgl: false,
    },
    options,
  );
}

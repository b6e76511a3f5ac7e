/**
 * TensorFlow.js set-up shared by every platform (page, worker, Node).
 *
 * The platform entry files (`browser.ts`, `node.ts`) say where the wasm binaries live
 * and whether WebGL may be considered; this file registers nothing platform-specific
 * and holds the backend choice.
 *
 * ## Backend decision
 *
 * - **wasm first.** Measured on this project's machines, the wasm backend (SIMD) is
 *   10–30× faster than `cpu` for the k-means-shaped work we do (ARCHITECTURE.md), and
 *   it is exact and deterministic across devices.
 * - **WebGL only with a real GPU that measures faster.** Headless chromium here runs
 *   with `--disable-gpu`, so WebGL is SwiftShader (software rasteriser): it works but is
 *   slower than wasm and costs ~100 ms of shader compiles. So WebGL is a candidate only
 *   when the renderer string is not a software one (SwiftShader, llvmpipe, softpipe,
 *   Microsoft Basic Render); then a micro-benchmark (the `squaredDistances` kernel,
 *   20k×4 points against 8 centroids, median of 3 after a warm-up) runs on both and the
 *   faster wins, provided WebGL renders float32 and its numbers agree with wasm's to
 *   1e-4. In workers WebGL means OffscreenCanvas WebGL2.
 * - Measured in headless chromium here (SwiftShader), same kernel, median ms:
 *   wasm-SIMD 5.5–6.4, WebGL 37–46, cpu 65–115, plain JS loop 2.6–8; init ≈ 40–90 ms.
 * - **Fallbacks:** every `setBackend` result is checked; wasm → cpu. If nothing
 *   initialises the engine rejects with `LensError('error.engine.noBackend')`.
 * - An explicit `prefer` list is honoured literally (first backend that initialises),
 *   without the renderer rule or the benchmark: tests and diagnostics use it to force
 *   a backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { LensError } from '../core/errors.ts';
import type { EngineInfo } from '../workers/api.ts';
import { squaredDistancesUnchecked } from './kernels.ts';
import { setEngineInfo } from './state.ts';

export type BackendName = 'webgl' | 'wasm' | 'cpu';

export interface EngineOptions {
  /** Backends to try, in order. Omitted = automatic choice (see the file comment). */
  prefer?: BackendName[];
}

export const WASM_BINARIES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
] as const;
export type WasmBinaryName = (typeof WASM_BINARIES)[number];

export interface EnginePlatform {
  /** Where each wasm binary is loaded from: URLs of our own origin in a browser, file paths in Node. */
  wasmFiles: Record<WasmBinaryName, string>;
  /** Whether the WebGL backend is registered on this platform (browser entry only). */
  webgl: boolean;
  /** Classifies a WebGL renderer string; default: SOFTWARE_RENDERER. Tests replace it to reach the benchmark. */
  isSoftwareRenderer?: (renderer: string) => boolean;
}

let pending: Promise<EngineInfo> | null = null;

/**
 * Initialises TensorFlow.js once per JS context (page, each worker, Node process) and
 * reports the choice. Later calls return the first call's result, whatever their options.
 */
export function initEngineOn(
  platform: EnginePlatform,
  options: EngineOptions = {},
): Promise<EngineInfo> {
  pending ??= chooseBackend(platform, options).then(
    (info) => {
      setEngineInfo(info);
      return info;
    },
    (err: unknown) => {
      pending = null; // allow a retry (e.g. after a transient failure)
      throw err;
    },
  );
  return pending;
}

export const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

async function chooseBackend(
  platform: EnginePlatform,
  options: EngineOptions,
): Promise<EngineInfo> {
  const t0 = performance.now();
  setWasmPaths(platform.wasmFiles);

  const [wasmSimd, wasmThreads] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') as Promise<boolean>,
    tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') as Promise<boolean>,
  ]);
  const registered = new Set(tf.engine().backendNames());
  const available: BackendName[] = [];
  const failed = new Set<BackendName>();

  async function tryBackend(name: BackendName): Promise<boolean> {
    if (failed.has(name) || !registered.has(name)) return false;
    let ok = false;
    try {
      ok = await tf.setBackend(name);
    } catch {
      ok = false;
    }
    if (!ok) {
      failed.add(name);
      return false;
    }
    if (!available.includes(name)) available.push(name);
    return true;
  }

  let chosen: BackendName | null = null;
  let decision: string;
  let webglRenderer: string | undefined;
  let benchmarkMs: Record<string, number> | undefined;

  if (options.prefer && options.prefer.length > 0) {
    for (const name of options.prefer) {
      if (await tryBackend(name)) {
        chosen = name;
        break;
      }
    }
    decision = chosen
      ? `explicit preference [${options.prefer.join(', ')}]: first to initialise was ${chosen}`
      : `none of [${options.prefer.join(', ')}] initialised`;
    if (chosen === 'webgl') webglRenderer = probeWebglRenderer() ?? undefined;
  } else {
    decision = '';
    if (platform.webgl && registered.has('webgl')) {
      webglRenderer = probeWebglRenderer() ?? undefined;
      if (webglRenderer === undefined) decision = 'no WebGL context; ';
      else if (
        (platform.isSoftwareRenderer ?? ((r: string) => SOFTWARE_RENDERER.test(r)))(webglRenderer)
      )
        decision = `WebGL is software (${webglRenderer}); `;
      else {
        // A hardware GPU: measure both and keep the faster, provided WebGL computes in
        // full float32 (some mobile GPUs render only half floats) and agrees with wasm.
        benchmarkMs = {};
        const runs: Partial<Record<'wasm' | 'webgl', BenchmarkRun>> = {};
        for (const name of ['wasm', 'webgl'] as const) {
          if (await tryBackend(name)) {
            runs[name] = microBenchmark();
            benchmarkMs[name] = runs[name].ms;
          }
        }
        const wasmMs = benchmarkMs.wasm ?? Infinity;
        const webglMs = benchmarkMs.webgl ?? Infinity;
        const webglExact =
          runs.webgl !== undefined &&
          runs.wasm !== undefined &&
          tf.env().getBool('WEBGL_RENDER_FLOAT32_CAPABLE') &&
          maxRelativeDifference(runs.webgl.result, runs.wasm.result) < 1e-4;
        if (webglExact && webglMs < wasmMs && (await tryBackend('webgl'))) {
          chosen = 'webgl';
          decision = `hardware WebGL (${webglRenderer}) measured faster: ${fmt(webglMs)} vs wasm ${fmt(wasmMs)} ms`;
        } else {
          decision =
            runs.webgl && !webglExact
              ? `hardware WebGL (${webglRenderer}) is not float32-exact; `
              : `hardware WebGL (${webglRenderer}) measured slower: ${fmt(webglMs)} vs wasm ${fmt(wasmMs)} ms; `;
          // Free the GPU context we will not use.
          if (runs.webgl) tf.removeBackend('webgl');
        }
      }
    } else {
      decision = 'WebGL not offered on this platform; ';
    }
    if (!chosen) {
      if (await tryBackend('wasm')) {
        chosen = 'wasm';
        decision += `wasm (${wasmSimd ? 'SIMD' : 'no SIMD'}${wasmThreads ? ', threads' : ''})`;
      } else if (await tryBackend('cpu')) {
        chosen = 'cpu';
        decision += 'wasm failed to initialise, fell back to cpu';
      }
    }
  }

  if (!chosen) throw new LensError('error.engine.noBackend');
  // Leave the chosen backend active (a benchmark may have switched away from it).
  if (tf.getBackend() !== chosen && !(await tf.setBackend(chosen)))
    throw new LensError('error.engine.noBackend');
  // cpu is plain JavaScript and always usable as a fallback; say so without switching to it.
  if (registered.has('cpu') && !available.includes('cpu') && !failed.has('cpu'))
    available.push('cpu');

  const info: EngineInfo = {
    backend: chosen,
    available,
    wasmSimd,
    wasmThreads,
    tfjsVersion: tf.version_core,
    initMs: performance.now() - t0,
    decision,
  };
  if (available.includes('wasm')) info.wasmUrl = loadedWasmUrl(platform, wasmSimd, wasmThreads);
  if (webglRenderer !== undefined) info.webglRenderer = webglRenderer;
  if (benchmarkMs) info.benchmarkMs = benchmarkMs;
  return info;
}

function fmt(ms: number): string {
  return Number.isFinite(ms) ? ms.toFixed(1) : '∞';
}

/** The wasm binary actually fetched (resource timing) or, where there is none (Node), the one the backend picks. */
function loadedWasmUrl(platform: EnginePlatform, simd: boolean, threads: boolean): string {
  const perf = globalThis.performance as Performance | undefined;
  if (perf && typeof perf.getEntriesByType === 'function') {
    const entries = perf.getEntriesByType('resource').filter((e) => /\.wasm(\?|$)/.test(e.name));
    if (entries.length > 0) return entries[entries.length - 1].name;
  }
  const file: WasmBinaryName =
    simd && threads
      ? 'tfjs-backend-wasm-threaded-simd.wasm'
      : simd
        ? 'tfjs-backend-wasm-simd.wasm'
        : 'tfjs-backend-wasm.wasm';
  return platform.wasmFiles[file];
}

/** The renderer string of a throw-away WebGL2 context, or null when none can be made. */
function probeWebglRenderer(): string | null {
  try {
    let gl: WebGL2RenderingContext | null = null;
    if (typeof OffscreenCanvas !== 'undefined') {
      gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    } else if (typeof document !== 'undefined') {
      gl = document.createElement('canvas').getContext('webgl2');
    }
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return renderer;
  } catch {
    return null;
  }
}

interface BenchmarkRun {
  ms: number;
  result: Float32Array;
}

/** Median ms of 3 runs of the k-means distance kernel, after a warm-up (shader compile, wasm tiering). */
function microBenchmark(): BenchmarkRun {
  const n = 20_000;
  const d = 4;
  const k = 8;
  const points = new Float32Array(n * d);
  for (let i = 0; i < points.length; i++) points[i] = ((i * 2654435761) % 1000) / 100;
  const centroids = points.slice(0, k * d);
  const result = squaredDistancesUnchecked(points, n, d, centroids, k);
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    squaredDistancesUnchecked(points, n, d, centroids, k);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[1], result };
}

function maxRelativeDifference(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const scale = Math.max(Math.abs(b[i]), 1e-6);
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
  }
  return worst;
}

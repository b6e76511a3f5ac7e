import type { EngineInfo } from '../workers/api.ts';

let info: EngineInfo | null = null;

/** Set by `initEngine` once a backend is active. */
export function setEngineInfo(value: EngineInfo): void {
  info = value;
}

/** The engine's state in this JS context, or null before `initEngine` has finished. */
export function currentEngineInfo(): EngineInfo | null {
  return info;
}

/** Kernels call this so that nothing silently runs on whichever backend tfjs would pick by itself. */
export function assertEngineReady(): void {
  if (!info) throw new Error('TensorFlow.js engine not initialised: await initEngine() first');
}

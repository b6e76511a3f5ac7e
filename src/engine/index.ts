/**
 * Platform-neutral engine surface: kernels and state. Initialise through the platform
 * entry first — `engine/browser.ts` in the page and workers, `engine/node.ts` in Node.
 */
export { squaredDistances, uploadPoints, nearestCentroids } from './kernels.ts';
export type { PointTensors } from './kernels.ts';
export { currentEngineInfo } from './state.ts';
export type { BackendName, EngineOptions } from './engine.ts';

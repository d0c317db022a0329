import type { DType } from './tensor.js';

/**
 * A tensor's values on the host: what tasks feed into a step (batches, noise) and what engines
 * hand back. It lives here, below both the task kit and the engines, because both speak it.
 */
export interface HostTensor {
  dtype: DType;
  shape: readonly number[];
  data: Float32Array | Int32Array | Uint8Array;
}

// Reads and writes tensor data held by the tfjs cpu backend (plain typed arrays in JS memory).
import type { DataId, TensorInfo } from '@tensorflow/tfjs-core';

/** The part of MathBackendCPU the accelerated kernels use. */
export interface CpuBackendLike {
  data: { get(dataId: DataId): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32' | 'int32' | 'bool', values: Float32Array | Int32Array | Uint8Array): TensorInfo;
  disposeIntermediateTensorInfo(info: TensorInfo): void;
}

/**
 * The float32 values of `t`, or null when the native path cannot take it (other dtype, empty).
 * The cpu backend's Cast to float32 from bool or int32 shares the source's Uint8Array /
 * Int32Array (no encoding loss), so a float32 tensor may hold those: copy them to floats.
 */
export function floatValues(backend: CpuBackendLike, t: TensorInfo | undefined): Float32Array | null {
  if (!t || t.dtype !== 'float32') return null;
  const values = backend.data.get(t.dataId).values;
  if ((values instanceof Uint8Array || values instanceof Int32Array) && values.length > 0) return new Float32Array(values);
  if (!(values instanceof Float32Array) || values.length === 0) return null;
  return values;
}

/** Float32 values of every tensor, or null if any cannot go native. */
export function allFloatValues(backend: CpuBackendLike, ts: (TensorInfo | undefined)[]): Float32Array[] | null {
  const out: Float32Array[] = [];
  for (const t of ts) {
    const v = floatValues(backend, t);
    if (!v) return null;
    out.push(v);
  }
  return out;
}

/** Values of a float32 or int32 tensor (4-byte elements the copy kernels move as bits). */
export function values32(backend: CpuBackendLike, t: TensorInfo | undefined): Float32Array | Int32Array | null {
  if (!t || (t.dtype !== 'float32' && t.dtype !== 'int32')) return null;
  const values = backend.data.get(t.dataId).values;
  if (t.dtype === 'float32' && values instanceof Float32Array && values.length > 0) return values;
  if (t.dtype === 'int32' && values instanceof Int32Array && values.length > 0) return values;
  return null;
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

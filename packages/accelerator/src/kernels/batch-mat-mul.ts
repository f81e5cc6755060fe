// BatchMatMul with the stock kernel's batch broadcasting, one BLAS sgemm per batch entry.
import { broadcast_util } from '@tensorflow/tfjs-core';
import type { BatchMatMulAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { allFloatValues, sizeOf } from '../cpu-tensors';
import type { AcceleratedKernel, KernelArgs } from './native-kernel';
import type { NativeAddon } from '../load-native';
import { outputFloat32 } from '../output-pool';

/** a [...batchA, m, k] · b [...batchB, k, n] (each optionally transposed) -> [...batch, m, n]. */
export function nativeBatchMatMul(args: KernelArgs, native: NativeAddon): TensorInfo | null {
  const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
  const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
  const ra = a.shape.length, rb = b.shape.length;
  if (ra < 2 || rb < 2) return null;
  const k = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const kb = transposeB ? b.shape[rb - 1]! : b.shape[rb - 2]!;
  const m = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  if (k !== kb) return null; // the stock kernel throws the shape error
  const batchA = sizeOf(a.shape.slice(0, -2));
  const batchB = sizeOf(b.shape.slice(0, -2));
  let outer: number[];
  try {
    outer = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  } catch {
    return null;
  }
  const batch = Math.max(batchA, batchB);
  if (m === 0 || n === 0 || k === 0 || batch === 0) return null;
  const values = allFloatValues(args.backend, [a, b]);
  if (!values) return null;
  const out = outputFloat32(batch * m * n);
  native.batchMatMul(values[0]!, values[1]!, out,
    Int32Array.from([batch, batchA, batchB, m, n, k, transposeA ? 1 : 0, transposeB ? 1 : 0]));
  return args.backend.makeTensorInfo([...outer, m, n], 'float32', out);
}

export const batchMatMulKernel: AcceleratedKernel = {
  kernelName: 'BatchMatMul',
  body: (args, native) => nativeBatchMatMul(args, native),
};

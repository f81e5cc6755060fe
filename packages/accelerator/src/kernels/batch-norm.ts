// FusedBatchNorm (the forward of tf.batchNorm / tfjs-layers BatchNormalization) with the stock
// cpu kernel's semantics: statistics read at the flat index modulo their length.
import type { FusedBatchNormAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { floatValues, sizeOf } from '../cpu-tensors';
import { MIN_NATIVE_ELEMENTS } from './elementwise';
import type { AcceleratedKernel } from './native-kernel';
import { outputFloat32 } from '../output-pool';

const ONE = Float32Array.of(1);
const ZERO = Float32Array.of(0);

export const fusedBatchNormKernel: AcceleratedKernel = {
  kernelName: 'FusedBatchNorm',
  body: (args, native) => {
    const { x, mean, variance, offset, scale } = args.inputs as Record<'x' | 'mean' | 'variance', TensorInfo> & Partial<Record<'offset' | 'scale', TensorInfo>>;
    // The stock kernel asserts equal ranks: let it report a mismatch.
    const rank = mean.shape.length;
    if (variance.shape.length !== rank || (offset && offset.shape.length !== rank) || (scale && scale.shape.length !== rank)) return null;
    if (sizeOf(x.shape) < MIN_NATIVE_ELEMENTS) return null;
    const xs = floatValues(args.backend, x);
    const ms = floatValues(args.backend, mean);
    const vs = floatValues(args.backend, variance);
    const os = offset ? floatValues(args.backend, offset) : ZERO;
    const ss = scale ? floatValues(args.backend, scale) : ONE;
    if (!xs || !ms || !vs || !os || !ss) return null;
    const { varianceEpsilon } = args.attrs as unknown as FusedBatchNormAttrs;
    const out = outputFloat32(xs.length);
    native.batchNorm(xs, ms, vs, os, ss, out, varianceEpsilon ?? 0.001);
    return args.backend.makeTensorInfo([...x.shape], 'float32', out);
  },
};

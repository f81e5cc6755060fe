// HarmonizationBatchNormGrad and HarmonizationBatchNormGradGrad: FusedBatchNorm's gradient and
// that gradient's gradient for per-channel statistics, one native kernel each. Not tfjs kernels:
// @harmonization/core-loss runs the first (from FusedBatchNorm's gradient) when the active
// backend registers both, and registers the first one's gradient, which runs the second. Without
// them its op-built gradient runs, and a harmonized step differentiates it again (~20 kernels
// per batch norm instead of 2).
//
// With s = 1/sqrt(variance+ε), k = scale·s and sums over every element of a channel:
//   Grad:     dx = dy·k, dmean = −k·Σdy, dvariance = −½·s²·k·Σdy(x−m), dscale = s·Σdy(x−m), doffset = Σdy
//   GradGrad: upstream gdx (x's shape), gmean, gvariance, gscale, goffset ([C]); S1 = Σdy,
//             S2 = Σdy(x−m), S3 = Σgdx·dy; a = k, b = goffset − gmean·k, c = gscale·s − ½·gvariance·s²·k:
//             d_dy = a·gdx + b + c·(x−m), d_x = c·dy, d_mean = −c·S1,
//             dL/dk = S3 − gmean·S1 − ½·gvariance·s²·S2, d_scale = dL/dk·s,
//             d_variance = (dL/dk·scale + gscale·S2 − gvariance·k·s·S2)·(−½·s³)
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { type CpuBackendLike, floatValues, sizeOf } from '../cpu-tensors';
import { outputFloat32 } from '../output-pool';
import { type ChannelShape, checkShapedLikeX, describeTensor, epsilonOf, nativeInputs } from './channel-kernel-inputs';
import type { AcceleratedKernel, NativeBody } from './native-kernel';

/** The kernel names @harmonization/core-loss looks up (keep the two in step). */
export const BATCH_NORM_GRAD = 'HarmonizationBatchNormGrad';
export const BATCH_NORM_GRAD_GRAD = 'HarmonizationBatchNormGradGrad';

const STATS = ['mean', 'variance', 'scale'] as const;
const UPSTREAM_STATS = ['gmean', 'gvariance', 'gscale', 'goffset'] as const;

/**
 * Checks the shapes every caller must respect: dy (and gdx) shaped like x, statistics one value
 * per channel (`[C]` or `[1,…,1,C]`), all float32. Throws in the kernel's voice.
 */
function check(kernel: string, inputs: Record<string, TensorInfo | undefined>, full: readonly string[], stats: readonly string[]): ChannelShape {
  const x = inputs.x;
  if (x == null || x.dtype !== 'float32' || x.shape.length < 1) {
    throw new Error(`Error in ${kernel}: x must be a float32 tensor of rank ≥ 1, got ${describeTensor(x)}.`);
  }
  const c = x.shape[x.shape.length - 1]!;
  checkShapedLikeX(kernel, inputs, x, full);
  for (const name of stats) {
    const t = inputs[name];
    const ok = t != null && t.dtype === 'float32' && t.shape.length >= 1 && t.shape.length <= x.shape.length &&
      t.shape.every((d, i) => (i === t.shape.length - 1 ? d === c : d === 1));
    if (!ok) throw new Error(`Error in ${kernel}: ${name} must be float32 per channel ([${c}] or [1,…,1,${c}]), got ${describeTensor(t)}.`);
  }
  return { n: sizeOf(x.shape), c };
}

function values(b: CpuBackendLike, t: TensorInfo, length: number): Float32Array {
  return floatValues(b, t) ?? new Float32Array(length);
}

/** s and k per channel, in double. */
function factors(variance: Float32Array, scale: Float32Array, eps: number): { s: Float64Array; k: Float64Array } {
  const c = variance.length;
  const s = new Float64Array(c);
  const k = new Float64Array(c);
  for (let j = 0; j < c; j++) {
    s[j] = 1 / Math.sqrt(variance[j]! + Math.fround(eps));
    k[j] = scale[j]! * s[j]!;
  }
  return { s, k };
}

/** Plain JS HarmonizationBatchNormGrad (sums in double): the fallback for what the native path declines. */
export const batchNormGradReference: KernelFunc = (args) => {
  const inputs = args.inputs as Record<string, TensorInfo>;
  const b = args.backend as unknown as CpuBackendLike;
  const { n, c } = check(BATCH_NORM_GRAD, inputs, ['dy'], STATS);
  const [dy, x] = [values(b, inputs.dy!, n), values(b, inputs.x!, n)];
  const [mean, variance, scale] = STATS.map((name) => values(b, inputs[name]!, c)) as [Float32Array, Float32Array, Float32Array];
  const { s, k } = factors(variance, scale, epsilonOf(args));
  const s1 = new Float64Array(c);
  const s2 = new Float64Array(c);
  const dx = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j = j + 1 === c ? 0 : j + 1) {
    const d = dy[i]!;
    s1[j] = s1[j]! + d;
    s2[j] = s2[j]! + d * (x[i]! - mean[j]!);
    dx[i] = d * k[j]!;
  }
  const [dmean, dvariance, dscale, doffset] = [0, 1, 2, 3].map(() => new Float32Array(c)) as [Float32Array, Float32Array, Float32Array, Float32Array];
  for (let j = 0; j < c; j++) {
    dmean[j] = -k[j]! * s1[j]!;
    dvariance[j] = -0.5 * s[j]! * s[j]! * k[j]! * s2[j]!;
    dscale[j] = s[j]! * s2[j]!;
    doffset[j] = s1[j]!;
  }
  return outputs(b, inputs, dx, [dmean, dvariance, dscale, doffset]);
};

/** Plain JS HarmonizationBatchNormGradGrad (sums in double): the fallback for what the native path declines. */
export const batchNormGradGradReference: KernelFunc = (args) => {
  const inputs = args.inputs as Record<string, TensorInfo>;
  const b = args.backend as unknown as CpuBackendLike;
  const { n, c } = check(BATCH_NORM_GRAD_GRAD, inputs, ['dy', 'gdx'], [...STATS, ...UPSTREAM_STATS]);
  const [dy, x, gdx] = [values(b, inputs.dy!, n), values(b, inputs.x!, n), values(b, inputs.gdx!, n)];
  const [mean, variance, scale] = STATS.map((name) => values(b, inputs[name]!, c)) as [Float32Array, Float32Array, Float32Array];
  const [gm, gv, gg, gb] = UPSTREAM_STATS.map((name) => values(b, inputs[name]!, c)) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const { s, k } = factors(variance, scale, epsilonOf(args));
  const [s1, s2, s3] = [new Float64Array(c), new Float64Array(c), new Float64Array(c)];
  for (let i = 0, j = 0; i < n; i++, j = j + 1 === c ? 0 : j + 1) {
    const d = dy[i]!;
    s1[j] = s1[j]! + d;
    s2[j] = s2[j]! + d * (x[i]! - mean[j]!);
    s3[j] = s3[j]! + d * gdx[i]!;
  }
  const [a, bb, cc] = [new Float64Array(c), new Float64Array(c), new Float64Array(c)];
  const [dMean, dVariance, dScale] = [new Float32Array(c), new Float32Array(c), new Float32Array(c)];
  for (let j = 0; j < c; j++) {
    const [sj, kj] = [s[j]!, k[j]!];
    a[j] = kj;
    bb[j] = gb[j]! - gm[j]! * kj;
    cc[j] = gg[j]! * sj - 0.5 * gv[j]! * sj * sj * kj;
    dMean[j] = -cc[j]! * s1[j]!;
    const dlDk = s3[j]! - gm[j]! * s1[j]! - 0.5 * gv[j]! * sj * sj * s2[j]!;
    dScale[j] = dlDk * sj;
    dVariance[j] = (dlDk * scale[j]! + gg[j]! * s2[j]! - gv[j]! * kj * sj * s2[j]!) * (-0.5 * sj * sj * sj);
  }
  const dDy = new Float32Array(n);
  const dX = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j = j + 1 === c ? 0 : j + 1) {
    dDy[i] = a[j]! * gdx[i]! + bb[j]! + cc[j]! * (x[i]! - mean[j]!);
    dX[i] = cc[j]! * dy[i]!;
  }
  return gradGradOutputs(b, inputs, dDy, dX, [dMean, dVariance, dScale]);
};

/** [dx (x's shape), dmean, dvariance, dscale (their inputs' shapes), doffset (mean's shape)]. */
function outputs(b: CpuBackendLike, inputs: Record<string, TensorInfo>, dx: Float32Array, stats: Float32Array[]): TensorInfo[] {
  const shapes = [inputs.mean!, inputs.variance!, inputs.scale!, inputs.mean!].map((t) => [...t.shape]);
  return [b.makeTensorInfo([...inputs.x!.shape], 'float32', dx), ...stats.map((v, i) => b.makeTensorInfo(shapes[i]!, 'float32', v))];
}

/** [d_dy, d_x (x's shape), d_mean, d_variance, d_scale (their inputs' shapes)]. */
function gradGradOutputs(b: CpuBackendLike, inputs: Record<string, TensorInfo>, dDy: Float32Array, dX: Float32Array, stats: Float32Array[]): TensorInfo[] {
  const shape = [...inputs.x!.shape];
  return [
    b.makeTensorInfo(shape, 'float32', dDy),
    b.makeTensorInfo(shape, 'float32', dX),
    ...stats.map((v, i) => b.makeTensorInfo([...inputs[STATS[i]!]!.shape], 'float32', v)),
  ];
}

// A multi-output kernel: its body returns every output (withFallback passes the list through).
const gradBody = ((args, native) => {
  const got = nativeInputs(args, (inputs) => check(BATCH_NORM_GRAD, inputs, ['dy'], STATS), ['dy', ...STATS]);
  // (An addon built before these kernels existed lacks the function: the reference runs.)
  if (!got || typeof native.batchNormGrad !== 'function') return null;
  const { n, c, v } = got;
  // Pooled outputs (arbitrary contents): the native kernel writes every element.
  const dx = outputFloat32(n);
  const stats = [0, 1, 2, 3].map(() => outputFloat32(c)) as [Float32Array, Float32Array, Float32Array, Float32Array];
  native.batchNormGrad(v.dy!, v.x!, v.mean!, v.variance!, v.scale!, epsilonOf(args), dx, ...stats);
  return outputs(args.backend, args.inputs as Record<string, TensorInfo>, dx, stats);
}) as NativeBody;

const gradGradBody = ((args, native) => {
  const got = nativeInputs(args, (inputs) => check(BATCH_NORM_GRAD_GRAD, inputs, ['dy', 'gdx'], [...STATS, ...UPSTREAM_STATS]), ['dy', 'gdx', ...STATS, ...UPSTREAM_STATS]);
  if (!got || typeof native.batchNormGradGrad !== 'function') return null;
  const { n, c, v } = got;
  const [dDy, dX] = [outputFloat32(n), outputFloat32(n)];
  const stats = [0, 1, 2].map(() => outputFloat32(c)) as [Float32Array, Float32Array, Float32Array];
  native.batchNormGradGrad(v.dy!, v.x!, v.mean!, v.variance!, v.scale!, v.gdx!, v.gmean!, v.gvariance!, v.gscale!, v.goffset!, epsilonOf(args), dDy, dX, ...stats);
  return gradGradOutputs(args.backend, args.inputs as Record<string, TensorInfo>, dDy, dX, stats);
}) as NativeBody;

export const batchNormGradKernel: AcceleratedKernel = {
  kernelName: BATCH_NORM_GRAD,
  reference: batchNormGradReference,
  body: gradBody,
};

export const batchNormGradGradKernel: AcceleratedKernel = {
  kernelName: BATCH_NORM_GRAD_GRAD,
  reference: batchNormGradGradReference,
  body: gradGradBody,
};

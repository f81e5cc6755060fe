// HarmonizationBatchNormTraining, …Grad and …GradGrad: training-mode batch norm with the batch
// statistics inside one kernel, its gradient through those statistics and that gradient's
// gradient. Not tfjs kernels: @harmonization/core-loss's batchNormTraining runs the first when
// the active backend registers all three, and registers the gradients that run the other two.
// Without them it composes tf.moments + tf.batchNorm (as tfjs-layers does), whose first and
// second derivatives cost dozens of full-size kernels per batch norm in a harmonized step.
//
// Per channel over the M = n / C elements of x [..., C], xm = x − mean, s = 1/sqrt(variance+ε):
//   Training: y = scale·s·xm + offset; mean, biased variance of x.
//   Grad:     dx = (scale·s/M)·(M·dy − Σdy − xm·s²·Σdy·xm), dscale = s·Σdy·xm, doffset = Σdy.
//   GradGrad: PyTorch's batchnorm_double_backward (training, affine) with gO = dy, ggI = gdx,
//             ggG = gdscale, ggB = gdoffset; outputs d_dy, d_x (the statistics' dependence on x
//             included), d_scale. Every output is a per-channel affine map of the inputs, so each
//             kernel is one pass of sums and one element-wise pass.
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { type CpuBackendLike, floatValues, sizeOf } from '../cpu-tensors';
import { outputFloat32 } from '../output-pool';
import { type ChannelShape, checkShapedLikeX, describeTensor, epsilonOf, nativeInputs } from './channel-kernel-inputs';
import type { AcceleratedKernel, NativeBody } from './native-kernel';

/** The kernel names @harmonization/core-loss looks up (keep the two in step). */
export const BATCH_NORM_TRAINING = 'HarmonizationBatchNormTraining';
export const BATCH_NORM_TRAINING_GRAD = 'HarmonizationBatchNormTrainingGrad';
export const BATCH_NORM_TRAINING_GRAD_GRAD = 'HarmonizationBatchNormTrainingGradGrad';

/** Full-size inputs shaped like x (rank ≥ 2, non-empty), per-channel ones `[C]`, all float32. */
function check(kernel: string, inputs: Record<string, TensorInfo | undefined>, full: readonly string[], perChannel: readonly string[]): ChannelShape {
  const x = inputs.x;
  if (x == null || x.dtype !== 'float32' || x.shape.length < 2 || sizeOf(x.shape) === 0) {
    throw new Error(`Error in ${kernel}: x must be a non-empty float32 tensor of rank ≥ 2, got ${describeTensor(x)}.`);
  }
  const c = x.shape[x.shape.length - 1]!;
  checkShapedLikeX(kernel, inputs, x, full);
  for (const name of perChannel) {
    const t = inputs[name];
    if (t == null || t.dtype !== 'float32' || t.shape.length !== 1 || t.shape[0] !== c) {
      throw new Error(`Error in ${kernel}: ${name} must be float32 of shape [${c}], got ${describeTensor(t)}.`);
    }
  }
  return { n: sizeOf(x.shape), c };
}

const TRAINING = { full: [], perChannel: ['scale', 'offset'] } as const;
const GRAD = { full: ['dy'], perChannel: ['scale', 'mean', 'variance'] } as const;
const GRAD_GRAD = { full: ['dy', 'gdx'], perChannel: ['scale', 'mean', 'variance', 'gdscale', 'gdoffset'] } as const;

/** Float32 values of every named input (x first). */
function read(b: CpuBackendLike, inputs: Record<string, TensorInfo>, names: readonly string[]): Record<string, Float32Array> {
  const v: Record<string, Float32Array> = {};
  for (const name of ['x', ...names]) v[name] = floatValues(b, inputs[name]) ?? new Float32Array(sizeOf(inputs[name]!.shape));
  return v;
}

/** 1/sqrt(variance + ε) per channel in double (ε rounded to float32, as the native kernels take it). */
function invStd(variance: Float32Array, eps: number): Float64Array {
  const s = new Float64Array(variance.length);
  for (let j = 0; j < s.length; j++) s[j] = 1 / Math.sqrt(variance[j]! + Math.fround(eps));
  return s;
}

/** Plain JS HarmonizationBatchNormTraining (sums in double): the fallback for what the native path declines. */
export const batchNormTrainingReference: KernelFunc = (args) => {
  const inputs = args.inputs as Record<string, TensorInfo>;
  const b = args.backend as unknown as CpuBackendLike;
  const { n, c } = check(BATCH_NORM_TRAINING, inputs, TRAINING.full, TRAINING.perChannel);
  const v = read(b, inputs, TRAINING.perChannel);
  const [x, scale, offset] = [v.x!, v.scale!, v.offset!];
  const m = n / c;
  const sum = new Float64Array(c);
  for (let i = 0, j = 0; i < n; i++, j = j + 1 === c ? 0 : j + 1) sum[j] = sum[j]! + x[i]!;
  const mean = new Float32Array(c);
  for (let j = 0; j < c; j++) mean[j] = sum[j]! / m;
  const squares = new Float64Array(c);
  for (let i = 0, j = 0; i < n; i++, j = j + 1 === c ? 0 : j + 1) {
    const d = x[i]! - sum[j]! / m;
    squares[j] = squares[j]! + d * d;
  }
  const variance = new Float32Array(c);
  for (let j = 0; j < c; j++) variance[j] = squares[j]! / m;
  const s = invStd(variance, epsilonOf(args));
  const y = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j = j + 1 === c ? 0 : j + 1) y[i] = scale[j]! * s[j]! * (x[i]! - mean[j]!) + offset[j]!;
  return [b.makeTensorInfo([...inputs.x!.shape], 'float32', y), b.makeTensorInfo([c], 'float32', mean), b.makeTensorInfo([c], 'float32', variance)];
};

/** Plain JS HarmonizationBatchNormTrainingGrad (sums in double). */
export const batchNormTrainingGradReference: KernelFunc = (args) => {
  const inputs = args.inputs as Record<string, TensorInfo>;
  const b = args.backend as unknown as CpuBackendLike;
  const { n, c } = check(BATCH_NORM_TRAINING_GRAD, inputs, GRAD.full, GRAD.perChannel);
  const v = read(b, inputs, [...GRAD.full, ...GRAD.perChannel]);
  const [dy, x, scale, mean] = [v.dy!, v.x!, v.scale!, v.mean!];
  const s = invStd(v.variance!, epsilonOf(args));
  const m = n / c;
  const [sumDy, sumDyXm] = [new Float64Array(c), new Float64Array(c)];
  for (let i = 0, j = 0; i < n; i++, j = j + 1 === c ? 0 : j + 1) {
    sumDy[j] = sumDy[j]! + dy[i]!;
    sumDyXm[j] = sumDyXm[j]! + dy[i]! * (x[i]! - mean[j]!);
  }
  const dx = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j = j + 1 === c ? 0 : j + 1) {
    const sj = s[j]!;
    const xm = x[i]! - mean[j]!;
    dx[i] = ((scale[j]! * sj) / m) * (m * dy[i]! - sumDy[j]! - xm * sj * sj * sumDyXm[j]!);
  }
  const [dscale, doffset] = [new Float32Array(c), new Float32Array(c)];
  for (let j = 0; j < c; j++) {
    dscale[j] = s[j]! * sumDyXm[j]!;
    doffset[j] = sumDy[j]!;
  }
  return [b.makeTensorInfo([...inputs.x!.shape], 'float32', dx), b.makeTensorInfo([c], 'float32', dscale), b.makeTensorInfo([c], 'float32', doffset)];
};

/** Plain JS HarmonizationBatchNormTrainingGradGrad (sums in double), written as PyTorch's formulas. */
export const batchNormTrainingGradGradReference: KernelFunc = (args) => {
  const inputs = args.inputs as Record<string, TensorInfo>;
  const b = args.backend as unknown as CpuBackendLike;
  const { n, c } = check(BATCH_NORM_TRAINING_GRAD_GRAD, inputs, GRAD_GRAD.full, GRAD_GRAD.perChannel);
  const v = read(b, inputs, [...GRAD_GRAD.full, ...GRAD_GRAD.perChannel]);
  const [gO, x, ggI, scale, mean, ggG, ggB] = [v.dy!, v.x!, v.gdx!, v.scale!, v.mean!, v.gdscale!, v.gdoffset!];
  const s = invStd(v.variance!, epsilonOf(args));
  const m = n / c;
  const [sumGO, sumGgI, sumGOGgI, sumGOXm, sumGgIXm] = [0, 1, 2, 3, 4].map(() => new Float64Array(c)) as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  for (let i = 0, j = 0; i < n; i++, j = j + 1 === c ? 0 : j + 1) {
    const xm = x[i]! - mean[j]!;
    sumGO[j] = sumGO[j]! + gO[i]!;
    sumGgI[j] = sumGgI[j]! + ggI[i]!;
    sumGOGgI[j] = sumGOGgI[j]! + gO[i]! * ggI[i]!;
    sumGOXm[j] = sumGOXm[j]! + gO[i]! * xm;
    sumGgIXm[j] = sumGgIXm[j]! + ggI[i]! * xm;
  }
  const [dDy, dX] = [new Float32Array(n), new Float32Array(n)];
  for (let i = 0, j = 0; i < n; i++, j = j + 1 === c ? 0 : j + 1) {
    const [sj, g] = [s[j]!, scale[j]!];
    const s2 = sj * sj;
    const s3 = s2 * sj;
    const xm = x[i]! - mean[j]!;
    const allSub = (sumGgI[j]! * sumGO[j]!) / m - sumGOGgI[j]! + (3 * s2 * sumGOXm[j]! * sumGgIXm[j]!) / m;
    const gI0 = (xm * s3 * allSub) / m;
    const gI1 = ((sumGgIXm[j]! * s3) / m) * (sumGO[j]! / m - gO[i]!);
    const gI2 = ((sumGOXm[j]! * s3) / m) * (sumGgI[j]! / m - ggI[i]!);
    const gIScale = gO[i]! * sj - (sj * sumGO[j]!) / m - (xm * s3 * sumGOXm[j]!) / m;
    dX[i] = g * (gI0 + gI1 + gI2) + ggG[j]! * gIScale;
    dDy[i] = ((g * sj) / m) * (m * ggI[i]! - sumGgI[j]! - xm * s2 * sumGgIXm[j]!) + ggG[j]! * xm * sj + ggB[j]!;
  }
  const dScale = new Float32Array(c);
  for (let j = 0; j < c; j++) {
    const sj = s[j]!;
    dScale[j] = sj * sumGOGgI[j]! - (sj * sumGO[j]! * sumGgI[j]!) / m - (sj * sj * sj * sumGOXm[j]! * sumGgIXm[j]!) / m;
  }
  const shape = [...inputs.x!.shape];
  return [b.makeTensorInfo(shape, 'float32', dDy), b.makeTensorInfo(shape, 'float32', dX), b.makeTensorInfo([c], 'float32', dScale)];
};

// Multi-output kernels: each body returns every output. Outputs come from the pool (arbitrary
// contents); the native kernels write every element. (An addon built before these kernels
// existed lacks the functions: the reference runs.)
const trainingBody = ((args, native) => {
  const got = nativeInputs(args, (inputs) => check(BATCH_NORM_TRAINING, inputs, TRAINING.full, TRAINING.perChannel), [...TRAINING.full, ...TRAINING.perChannel]);
  if (!got || typeof native.batchNormTraining !== 'function') return null;
  const { n, c, v } = got;
  const [y, mean, variance] = [outputFloat32(n), outputFloat32(c), outputFloat32(c)];
  native.batchNormTraining(v.x!, v.scale!, v.offset!, epsilonOf(args), y, mean, variance);
  const b = args.backend;
  return [b.makeTensorInfo([...args.inputs.x!.shape], 'float32', y), b.makeTensorInfo([c], 'float32', mean), b.makeTensorInfo([c], 'float32', variance)];
}) as NativeBody;

const gradBody = ((args, native) => {
  const got = nativeInputs(args, (inputs) => check(BATCH_NORM_TRAINING_GRAD, inputs, GRAD.full, GRAD.perChannel), [...GRAD.full, ...GRAD.perChannel]);
  if (!got || typeof native.batchNormTrainingGrad !== 'function') return null;
  const { n, c, v } = got;
  const [dx, dscale, doffset] = [outputFloat32(n), outputFloat32(c), outputFloat32(c)];
  native.batchNormTrainingGrad(v.dy!, v.x!, v.scale!, v.mean!, v.variance!, epsilonOf(args), dx, dscale, doffset);
  const b = args.backend;
  return [b.makeTensorInfo([...args.inputs.x!.shape], 'float32', dx), b.makeTensorInfo([c], 'float32', dscale), b.makeTensorInfo([c], 'float32', doffset)];
}) as NativeBody;

const gradGradBody = ((args, native) => {
  const got = nativeInputs(args, (inputs) => check(BATCH_NORM_TRAINING_GRAD_GRAD, inputs, GRAD_GRAD.full, GRAD_GRAD.perChannel), [...GRAD_GRAD.full, ...GRAD_GRAD.perChannel]);
  if (!got || typeof native.batchNormTrainingGradGrad !== 'function') return null;
  const { n, c, v } = got;
  const [dDy, dX, dScale] = [outputFloat32(n), outputFloat32(n), outputFloat32(c)];
  native.batchNormTrainingGradGrad(v.dy!, v.x!, v.scale!, v.mean!, v.variance!, v.gdx!, v.gdscale!, v.gdoffset!, epsilonOf(args), dDy, dX, dScale);
  const b = args.backend;
  const shape = [...args.inputs.x!.shape];
  return [b.makeTensorInfo(shape, 'float32', dDy), b.makeTensorInfo(shape, 'float32', dX), b.makeTensorInfo([c], 'float32', dScale)];
}) as NativeBody;

export const batchNormTrainingKernel: AcceleratedKernel = {
  kernelName: BATCH_NORM_TRAINING,
  reference: batchNormTrainingReference,
  body: trainingBody,
};

export const batchNormTrainingGradKernel: AcceleratedKernel = {
  kernelName: BATCH_NORM_TRAINING_GRAD,
  reference: batchNormTrainingGradReference,
  body: gradBody,
};

export const batchNormTrainingGradGradKernel: AcceleratedKernel = {
  kernelName: BATCH_NORM_TRAINING_GRAD_GRAD,
  reference: batchNormTrainingGradGradReference,
  body: gradGradBody,
};

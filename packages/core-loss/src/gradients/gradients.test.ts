// Finite-difference proof of every gradient this package registers, first and second order,
// on every test backend. Each case names the kernels whose gradients it exercises; a final
// test checks that together they cover HARMONIZATION_GRADIENT_KERNELS.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BACKENDS, useBackend } from '@harmonization/test-support';
import { HARMONIZATION_GRADIENT_KERNELS, registerHarmonizationGradients } from '../register-gradients';
import { BATCH_NORM_GRAD_GRAD_KERNEL, BATCH_NORM_GRAD_KERNEL } from './batch-norm-grad-kernels';
import { BATCH_NORM_TRAINING_GRAD_GRAD_KERNEL, BATCH_NORM_TRAINING_GRAD_KERNEL, BATCH_NORM_TRAINING_KERNEL } from './batch-norm-training-kernels';
import { checkGradients, type TensorFn } from '../testing/finite-difference';
import { awayFromZero, between, distinct, normal } from '../testing/inputs';

interface Case {
  name: string;
  covers: string[];
  fn: TensorFn;
  inputs: () => tf.Tensor[];
  /** Inputs to differentiate (default: all float32). */
  wrt?: number[];
  /** Orders to check (default [1, 2]). */
  orders?: Array<1 | 2>;
  step?: number;
}

const run = (name: string, inputs: tf.NamedTensorMap, attrs: object = {}) =>
  tf.engine().runKernel<tf.Tensor>(name, inputs, attrs as tf.NamedAttrMap);
const f32 = (t: tf.Tensor) => tf.cast(t, 'float32');
const KINK = 1e-3; // step for piecewise-smooth functions (inputs are >= 0.05 from any kink)

/** Relu6 inputs: negatives, (0, 6) and > 6, all >= 0.3 from 0 and 6. */
const relu6Input = () => tf.tidy(() => tf.concat([between([4], 1, -2, -0.3), between([8], 2, 0.3, 5.7), between([4], 3, 6.3, 8)]));

const CASES: Case[] = [
  // Element-wise binary, with broadcasting.
  { name: 'add (broadcast)', covers: [tf.Add], fn: (a, b) => tf.add(a!, b!), inputs: () => [normal([2, 3], 1), normal([3], 2)] },
  { name: 'sub (broadcast)', covers: [tf.Sub], fn: (a, b) => tf.sub(a!, b!), inputs: () => [normal([2, 3], 1), normal([2, 1], 2)] },
  { name: 'mul (broadcast)', covers: [tf.Multiply], fn: (a, b) => tf.mul(a!, b!), inputs: () => [normal([2, 3], 1), normal([1, 3], 2)] },
  { name: 'div (broadcast)', covers: [tf.RealDiv], fn: (a, b) => tf.div(a!, b!), inputs: () => [normal([2, 3], 1), awayFromZero([3], 2, 0.5)] },
  { name: 'maximum', covers: [tf.Maximum, tf.GreaterEqual, tf.Less], fn: (a, b) => tf.maximum(a!, b!), inputs: () => [distinct([2, 3], 1, 0.1), tf.add(distinct([2, 3], 2, 0.1), 0.025)], step: KINK },
  { name: 'minimum', covers: [tf.Minimum, tf.LessEqual, tf.Greater], fn: (a, b) => tf.minimum(a!, b!), inputs: () => [distinct([2, 3], 1, 0.1), tf.add(distinct([2, 3], 2, 0.1), 0.025)], step: KINK },
  { name: 'squaredDifference', covers: [tf.SquaredDifference], fn: (a, b) => tf.squaredDifference(a!, b!), inputs: () => [normal([2, 3], 1), normal([3], 2)] },
  { name: 'pow (positive base)', covers: [tf.Pow], fn: (a, b) => tf.pow(a!, b!), inputs: () => [between([2, 3], 1, 0.5, 1.5), normal([2, 3], 2)] },
  { name: 'pow (x^2, x^3 of any sign)', covers: [tf.Pow], fn: (a) => tf.add(tf.pow(a!, 2), tf.pow(a!, 3)), inputs: () => [normal([2, 3], 1)] },
  { name: 'addN', covers: [tf.AddN], fn: (a, b, c) => tf.mul(tf.addN([a!, b!, c!]), a!), inputs: () => [normal([4], 1), normal([4], 2), normal([4], 3)] },
  // Element-wise unary.
  { name: 'neg', covers: [tf.Neg], fn: (x) => tf.mul(tf.neg(x!), x!), inputs: () => [normal([5], 1)] },
  { name: 'square', covers: [tf.Square], fn: (x) => tf.square(x!), inputs: () => [normal([5], 1)] },
  { name: 'sqrt', covers: [tf.Sqrt], fn: (x) => tf.sqrt(x!), inputs: () => [between([5], 1, 0.5, 2)] },
  { name: 'rsqrt', covers: [tf.Rsqrt], fn: (x) => tf.rsqrt(x!), inputs: () => [between([5], 1, 0.5, 2)] },
  { name: 'reciprocal', covers: [tf.Reciprocal], fn: (x) => tf.reciprocal(x!), inputs: () => [awayFromZero([5], 1, 0.5)] },
  { name: 'exp', covers: [tf.Exp], fn: (x) => tf.exp(x!), inputs: () => [normal([5], 1)] },
  { name: 'log', covers: [tf.Log], fn: (x) => tf.log(x!), inputs: () => [between([5], 1, 0.5, 2)] },
  { name: 'log1p', covers: [tf.Log1p], fn: (x) => tf.log1p(x!), inputs: () => [between([5], 1, 0, 2)] },
  { name: 'abs', covers: [tf.Abs, tf.Sign], fn: (x) => tf.mul(tf.abs(x!), x!), inputs: () => [awayFromZero([6], 1)], step: KINK },
  { name: 'sigmoid', covers: [tf.Sigmoid], fn: (x) => tf.sigmoid(x!), inputs: () => [normal([6], 1, 2)] },
  { name: 'tanh', covers: [tf.Tanh], fn: (x) => tf.tanh(x!), inputs: () => [normal([6], 1)] },
  { name: 'erf', covers: [tf.Erf], fn: (x) => tf.erf(x!), inputs: () => [normal([6], 1)] },
  { name: 'softplus', covers: [tf.Softplus], fn: (x) => tf.softplus(x!), inputs: () => [normal([6], 1, 2)] },
  { name: 'relu', covers: [tf.Relu], fn: (x) => tf.mul(tf.relu(x!), x!), inputs: () => [awayFromZero([6], 1)], step: KINK },
  { name: 'relu6', covers: [tf.Relu6, tf.LogicalAnd], fn: (x) => tf.mul(tf.relu6(x!), x!), inputs: () => [relu6Input()], step: KINK },
  { name: 'leakyRelu', covers: [tf.LeakyRelu], fn: (x) => tf.mul(tf.leakyRelu(x!, 0.2), x!), inputs: () => [awayFromZero([6], 1)], step: KINK },
  { name: 'prelu (per-channel alpha)', covers: [tf.Prelu], fn: (x, a) => tf.mul(tf.prelu(x!, a!), x!), inputs: () => [awayFromZero([2, 3], 1), between([3], 2, 0.1, 0.5)], step: KINK },
  { name: 'elu', covers: [tf.Elu, tf.Select], fn: (x) => tf.elu(x!), inputs: () => [awayFromZero([6], 1)], step: KINK },
  { name: 'EluGrad kernel', covers: [tf.EluGrad], fn: (dy, y) => tf.mul(run(tf.EluGrad, { dy: dy!, y: y! }), y!), inputs: () => [normal([6], 1), awayFromZero([6], 2, 0.2, 0.3)], step: KINK },
  { name: 'Cast kernel (float32)', covers: [tf.Cast], fn: (x) => tf.mul(run(tf.Cast, { x: x! }, { dtype: 'float32' }), x!), inputs: () => [normal([4], 1)] },
  { name: 'Identity kernel', covers: [tf.Identity], fn: (x) => tf.mul(run(tf.Identity, { x: x! }), x!), inputs: () => [normal([4], 1)] },
  {
    name: 'clipByValue',
    covers: [tf.ClipByValue],
    fn: (x) => tf.mul(tf.clipByValue(x!, -0.5, 0.5), x!),
    inputs: () => [tf.concat([between([3], 1, -2, -0.6), between([4], 2, -0.4, 0.4), between([3], 3, 0.6, 2)])],
    step: KINK,
  },
  { name: 'where', covers: [tf.Select, tf.Greater], fn: (c, a, b) => tf.mul(tf.where(tf.greater(c!, 0), a!, b!), a!), inputs: () => [awayFromZero([6], 1), normal([6], 2), normal([6], 3)], wrt: [1, 2] },
  // Kernels with zero gradient, each used inside a function that has a non-zero one.
  {
    name: 'comparisons and logical ops',
    covers: [tf.Equal, tf.NotEqual, tf.Greater, tf.GreaterEqual, tf.Less, tf.LessEqual, tf.LogicalAnd, tf.LogicalOr, tf.LogicalNot],
    fn: (a, b) => {
      const m = tf.logicalOr(tf.logicalAnd(tf.greater(a!, b!), tf.lessEqual(a!, 1)), tf.logicalNot(tf.greaterEqual(a!, tf.neg(b!))));
      const e = tf.add(f32(tf.equal(a!, b!)), tf.add(f32(tf.notEqual(a!, b!)), f32(tf.less(a!, b!))));
      return tf.mul(tf.add(f32(m), e), tf.mul(a!, b!));
    },
    inputs: () => [distinct([8], 1, 0.1), tf.add(distinct([8], 2, 0.1), 0.025)],
    step: KINK,
  },
  {
    name: 'rounding, sign, step and masks',
    covers: [tf.Sign, tf.Step, tf.Floor, tf.Ceil, tf.Round, tf.IsNan, tf.IsInf, tf.IsFinite, tf.ZerosLike, tf.OnesLike],
    fn: (x) => {
      const r = tf.addN([tf.floor(x!), tf.ceil(x!), tf.round(x!), tf.sign(x!), tf.step(x!, 0.1), f32(tf.isNaN(x!)), f32(tf.isInf(x!)), f32(tf.isFinite(x!))]);
      return tf.mul(tf.add(r, tf.add(tf.zerosLike(x!), tf.onesLike(x!))), x!);
    },
    inputs: () => [tf.add(distinct([8], 1, 0.5), 0.2)],
    step: KINK,
  },
  { name: 'argMax / argMin', covers: [tf.ArgMax, tf.ArgMin], fn: (x) => tf.mul(tf.sum(x!), f32(tf.add(tf.argMax(x!), tf.argMin(x!)))), inputs: () => [distinct([6], 1)], step: KINK },
  // Shapes.
  { name: 'reshape', covers: [tf.Reshape], fn: (x) => tf.mul(tf.reshape(x!, [3, 2]), tf.reshape(x!, [3, 2])), inputs: () => [normal([2, 3], 1)] },
  { name: 'expandDims', covers: [tf.ExpandDims], fn: (x) => tf.square(tf.expandDims(x!, 1)), inputs: () => [normal([2, 3], 1)] },
  { name: 'transpose', covers: [tf.Transpose], fn: (x) => tf.mul(tf.transpose(x!, [2, 0, 1]), tf.transpose(x!, [2, 0, 1])), inputs: () => [normal([2, 3, 4], 1)] },
  { name: 'concat (axis 1)', covers: [tf.Concat], fn: (a, b, c) => tf.square(tf.concat([a!, b!, c!], 1)), inputs: () => [normal([2, 1], 1), normal([2, 3], 2), normal([2, 2], 3)] },
  { name: 'split (one output unused)', covers: [tf.SplitV], fn: (x) => tf.square(tf.split(x!, [1, 2, 2], 1)[2]!), inputs: () => [normal([2, 5], 1)] },
  { name: 'split (all outputs)', covers: [tf.SplitV], fn: (x) => tf.split(x!, [2, 3], 1).map((p) => tf.square(p)), inputs: () => [normal([2, 5], 1)] },
  { name: 'stack', covers: [tf.Pack], fn: (a, b) => tf.square(tf.stack([a!, b!], 1)), inputs: () => [normal([2, 3], 1), normal([2, 3], 2)] },
  { name: 'unstack', covers: [tf.Unpack], fn: (x) => { const [p, q] = tf.unstack(x!, 1); return tf.mul(p!, q!); }, inputs: () => [normal([3, 2], 1)] },
  { name: 'slice', covers: [tf.Slice], fn: (x) => tf.square(tf.slice(x!, [1, 0], [2, -1])), inputs: () => [normal([4, 3], 1)] },
  { name: 'stridedSlice (strides 2)', covers: [tf.StridedSlice], fn: (x) => tf.square(tf.stridedSlice(x!, [0, 1, 0], [5, 7, 3], [2, 2, 1])), inputs: () => [normal([5, 7, 3], 1)] },
  // x[:, 1::3, :2] through begin/end masks (tfjs's forward mis-slices with shrinkAxisMask, so that is not used).
  { name: 'stridedSlice (masks, stride 3)', covers: [tf.StridedSlice], fn: (x) => tf.square(tf.stridedSlice(x!, [0, 1, 0], [0, 0, 2], [1, 3, 1], 0b001, 0b011)), inputs: () => [normal([5, 7, 3], 1)] },
  { name: 'pad', covers: [tf.PadV2], fn: (x) => tf.square(tf.pad(x!, [[1, 2], [0, 1]], 0.5)), inputs: () => [normal([2, 3], 1)] },
  { name: 'tile', covers: [tf.Tile], fn: (x) => tf.square(tf.tile(x!, [2, 1, 3])), inputs: () => [normal([2, 3, 2], 1)] },
  { name: 'broadcastTo (runs Tile)', covers: [tf.Tile], fn: (x) => tf.square(tf.broadcastTo(x!, [4, 2, 3])), inputs: () => [normal([1, 3], 1)] },
  // Reductions.
  { name: 'sum', covers: [tf.Sum], fn: (x) => tf.square(tf.sum(x!, 1)), inputs: () => [normal([2, 3, 4], 1)] },
  { name: 'mean (keepDims)', covers: [tf.Mean], fn: (x) => tf.square(tf.mean(x!, [1, 2], true)), inputs: () => [normal([2, 3, 4], 1)] },
  { name: 'max', covers: [tf.Max, tf.Equal], fn: (x) => tf.square(tf.max(x!, 1)), inputs: () => [distinct([3, 4], 1)], step: KINK },
  { name: 'min', covers: [tf.Min, tf.Equal], fn: (x) => tf.square(tf.min(x!, [0, 1])), inputs: () => [distinct([3, 4], 1)], step: KINK },
  // Matrix products.
  { name: 'matMul', covers: [tf.BatchMatMul], fn: (a, b) => tf.matMul(a!, b!), inputs: () => [normal([3, 4], 1), normal([4, 2], 2)] },
  { name: 'matMul transposeA', covers: [tf.BatchMatMul], fn: (a, b) => tf.matMul(a!, b!, true, false), inputs: () => [normal([4, 3], 1), normal([4, 2], 2)] },
  { name: 'matMul transposeB', covers: [tf.BatchMatMul], fn: (a, b) => tf.matMul(a!, b!, false, true), inputs: () => [normal([3, 4], 1), normal([2, 4], 2)] },
  { name: 'matMul both transposed', covers: [tf.BatchMatMul], fn: (a, b) => tf.matMul(a!, b!, true, true), inputs: () => [normal([4, 3], 1), normal([2, 4], 2)] },
  { name: 'batch matMul (batch broadcast)', covers: [tf.BatchMatMul], fn: (a, b) => tf.matMul(a!, b!), inputs: () => [normal([2, 3, 4], 1), normal([1, 4, 2], 2)] },
  { name: 'softmax', covers: [tf.Softmax], fn: (x) => tf.softmax(x!), inputs: () => [normal([2, 5], 1)] },
  {
    name: 'attention softmax(QKᵀ/2)V',
    covers: [tf.BatchMatMul, tf.Softmax],
    fn: (q, k, v) => tf.matMul(tf.softmax(tf.div(tf.matMul(q!, k!, false, true), 2)), v!),
    inputs: () => [normal([2, 3, 4], 1), normal([2, 3, 4], 2), normal([2, 3, 4], 3)],
  },
  // Convolutions: SAME / VALID, stride 1 / 2, odd and even sizes.
  ...([
    ['SAME stride 2, 7×7', [2, 7, 7, 3], 2, 'same'],
    ['VALID stride 1, 6×6', [1, 6, 6, 2], 1, 'valid'],
    ['SAME stride 1, 5×5', [1, 5, 5, 2], 1, 'same'],
    ['VALID stride 2, 8×8', [1, 8, 8, 2], 2, 'valid'],
  ] as const).flatMap(([label, shape, s, pad]): Case[] => [
    {
      name: `conv2d 3×3 ${label}`,
      covers: [tf.Conv2D, tf.Conv2DBackpropInput, tf.Conv2DBackpropFilter],
      fn: (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad),
      inputs: () => [normal([...shape], 1), normal([3, 3, shape[3], 3], 2, 0.5)],
    },
    {
      name: `depthwiseConv2d 3×3 ×2 ${label}`,
      covers: [tf.DepthwiseConv2dNative, tf.DepthwiseConv2dNativeBackpropInput, tf.DepthwiseConv2dNativeBackpropFilter],
      fn: (x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad),
      inputs: () => [normal([...shape], 1), normal([3, 3, shape[3], 2], 2, 0.5)],
    },
  ]),
  {
    name: 'Conv2DBackpropInput kernel (stride 2 SAME, odd)',
    covers: [tf.Conv2DBackpropInput, tf.Conv2D, tf.Conv2DBackpropFilter],
    fn: (dy, w) => run(tf.Conv2DBackpropInput, { dy: dy!, filter: w! }, { strides: [2, 2], pad: 'same', dataFormat: 'NHWC', inputShape: [2, 7, 7, 3] }),
    inputs: () => [normal([2, 4, 4, 4], 1), normal([3, 3, 3, 4], 2, 0.5)],
  },
  {
    name: 'Conv2DBackpropFilter kernel (stride 2 SAME, odd)',
    covers: [tf.Conv2DBackpropFilter, tf.Conv2D, tf.Conv2DBackpropInput],
    fn: (x, dy) => run(tf.Conv2DBackpropFilter, { x: x!, dy: dy! }, { strides: [2, 2], pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] }),
    inputs: () => [normal([2, 7, 7, 3], 1), normal([2, 4, 4, 4], 2)],
  },
  {
    name: 'DepthwiseConv2dNativeBackpropInput kernel (stride 2 SAME, ×2)',
    covers: [tf.DepthwiseConv2dNativeBackpropInput, tf.DepthwiseConv2dNative, tf.DepthwiseConv2dNativeBackpropFilter],
    fn: (dy, w) => run(tf.DepthwiseConv2dNativeBackpropInput, { dy: dy!, filter: w! }, { strides: [2, 2], pad: 'same', dilations: [1, 1], inputShape: [2, 7, 7, 3] }),
    inputs: () => [normal([2, 4, 4, 6], 1), normal([3, 3, 3, 2], 2, 0.5)],
  },
  {
    name: 'DepthwiseConv2dNativeBackpropFilter kernel (stride 1 VALID)',
    covers: [tf.DepthwiseConv2dNativeBackpropFilter, tf.DepthwiseConv2dNative, tf.DepthwiseConv2dNativeBackpropInput],
    fn: (x, dy) => run(tf.DepthwiseConv2dNativeBackpropFilter, { x: x!, dy: dy! }, { strides: [1, 1], pad: 'valid', dilations: [1, 1], filterShape: [3, 3, 2, 1] }),
    inputs: () => [normal([1, 6, 6, 2], 1), normal([1, 4, 4, 2], 2)],
  },
  // Pooling.
  ...([
    [[2, 6, 6, 2], 2, 2, 'valid'],
    [[1, 7, 7, 2], 2, 2, 'valid'],
    [[1, 7, 7, 2], 2, 2, 'same'],
    [[1, 5, 5, 2], 2, 1, 'valid'],
    [[1, 5, 5, 2], 3, 1, 'same'],
    [[1, 7, 7, 1], 3, 2, 'same'],
  ] as const).flatMap(([shape, k, s, pad]): Case[] => [
    {
      name: `maxPool ${k}×${k}/${s} ${pad} on ${shape.join('×')}`,
      covers: [tf.MaxPool, tf.MaxPoolGrad],
      // Squared so that the second derivative is not identically zero.
      fn: (x) => tf.square(tf.maxPool(x as tf.Tensor4D, k, s, pad)),
      inputs: () => [distinct([...shape], 1)],
      step: KINK,
    },
    {
      name: `avgPool ${k}×${k}/${s} ${pad} on ${shape.join('×')}`,
      covers: [tf.AvgPool],
      fn: (x) => tf.square(tf.avgPool(x as tf.Tensor4D, k, s, pad)),
      inputs: () => [normal([...shape], 1)],
    },
  ]),
  {
    name: 'MaxPoolGrad kernel (3×3/2 SAME)',
    covers: [tf.MaxPoolGrad],
    fn: (dy, input, output) => run(tf.MaxPoolGrad, { dy: dy!, input: input!, output: output! }, { filterSize: 3, strides: 2, pad: 'same' }),
    inputs: () => {
      const input = distinct([1, 7, 7, 2], 1);
      return [normal([1, 4, 4, 2], 2), input, tf.maxPool(input as tf.Tensor4D, 3, 2, 'same')];
    },
    step: KINK,
  },
  {
    name: 'AvgPoolGrad kernel (3×3/2 SAME)',
    covers: [tf.AvgPoolGrad],
    fn: (dy, input) => run(tf.AvgPoolGrad, { dy: dy!, input: input! }, { filterSize: 3, strides: 2, pad: 'same' }),
    inputs: () => [normal([1, 4, 4, 2], 1), normal([1, 7, 7, 2], 2)],
  },
  {
    name: 'global average and max pooling',
    covers: [tf.Mean, tf.Max],
    fn: (x) => tf.mul(tf.mean(x!, [1, 2]), tf.max(x!, [1, 2])),
    inputs: () => [distinct([2, 3, 3, 2], 1)],
    step: KINK,
  },
  // Normalisation.
  {
    name: 'batchNorm (batch statistics as inputs)',
    covers: [tf.FusedBatchNorm],
    fn: (x, m, v, o, s) => tf.batchNorm(x!, m!, v!, o!, s!, 1e-3),
    inputs: () => [normal([2, 3, 3, 4], 1), normal([4], 2), between([4], 3, 0.5, 2), normal([4], 4), normal([4], 5)],
  },
  {
    name: 'batchNorm in training mode (moments over N,H,W)',
    covers: [tf.FusedBatchNorm, tf.Mean, tf.SquaredDifference],
    fn: (x, o, s) => {
      const { mean, variance } = tf.moments(x!, [0, 1, 2]);
      return tf.batchNorm(x!, mean, variance, o!, s!, 1e-3);
    },
    inputs: () => [normal([2, 3, 3, 4], 1), normal([4], 2), normal([4], 3)],
  },
  {
    // As tfjs-layers' LayerNormalization writes it: moments and gamma/beta tiled to x's shape.
    name: 'layer norm (moments over the last axis, tiled)',
    covers: [tf.FusedBatchNorm, tf.Mean, tf.SquaredDifference, tf.Tile],
    fn: (x, beta, gamma) => {
      const { mean, variance } = tf.moments(x!, -1, true);
      const tileStats = (t: tf.Tensor) => tf.tile(t, [1, 1, 5]);
      const tileParams = (t: tf.Tensor) => tf.tile(tf.reshape(t, [1, 1, 5]), [2, 3, 1]);
      return tf.batchNorm(x!, tileStats(mean), tileStats(variance), tileParams(beta!), tileParams(gamma!), 1e-3);
    },
    inputs: () => [normal([2, 3, 5], 1), normal([5], 2), normal([5], 3)],
  },
  // Activations as the layers write them.
  { name: 'gelu (erf form)', covers: [tf.Erf], fn: (x) => tf.mul(tf.mul(x!, 0.5), tf.add(1, tf.erf(tf.div(x!, Math.SQRT2)))), inputs: () => [normal([6], 1)] },
  {
    name: 'gelu (tanh form)',
    covers: [tf.Tanh, tf.Pow],
    fn: (x) => tf.mul(tf.mul(x!, 0.5), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x!, tf.mul(0.044715, tf.pow(x!, 3))))))),
    inputs: () => [normal([6], 1)],
  },
  { name: 'swish', covers: [tf.Sigmoid], fn: (x) => tf.mul(x!, tf.sigmoid(x!)), inputs: () => [normal([6], 1, 2)] },
  { name: 'hard swish x·relu6(x+3)/6', covers: [tf.Relu6], fn: (x) => tf.div(tf.mul(x!, tf.relu6(tf.add(x!, 3))), 6), inputs: () => [tf.sub(relu6Input(), 3)], step: KINK },
  // Fused ops as tfjs-layers calls them (in a gradient they unfuse or use a custom gradient).
  {
    name: 'fused conv2d + bias + relu',
    covers: [tf.Conv2D, tf.Relu, tf.Add],
    fn: (x, w, b) => tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, strides: 2, pad: 'same', bias: b!, activation: 'relu' }),
    inputs: () => [normal([1, 5, 5, 2], 1), normal([3, 3, 2, 3], 2, 0.5), normal([3], 3)],
    step: KINK,
  },
  {
    name: 'fused conv2d + bias (linear)',
    covers: [tf.Conv2D],
    fn: (x, w, b) => tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, strides: 1, pad: 'same', bias: b! }),
    inputs: () => [normal([1, 5, 5, 2], 1), normal([3, 3, 2, 3], 2, 0.5), normal([3], 3)],
  },
  {
    name: 'fused matMul + bias with elu, leakyrelu, sigmoid and prelu',
    covers: [tf.BatchMatMul, tf.Elu, tf.LeakyRelu, tf.Sigmoid, tf.Prelu],
    fn: (a, b, c, p) =>
      (['elu', 'leakyrelu', 'sigmoid', 'prelu'] as const).map((activation) =>
        tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias: c!, activation, leakyreluAlpha: 0.1, preluActivationWeights: p! }),
      ),
    inputs: () => [normal([3, 4], 1), normal([4, 5], 2), normal([5], 3), between([5], 4, 0.1, 0.4)],
    step: KINK,
  },
  {
    name: 'fused matMul + bias + relu',
    covers: [tf.BatchMatMul, tf.Relu],
    fn: (a, b, c) => tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias: c!, activation: 'relu' }),
    inputs: () => [normal([3, 4], 1), normal([4, 5], 2), normal([5], 3)],
    step: KINK,
  },
  {
    name: 'fused matMul + bias (linear)',
    covers: [tf.BatchMatMul],
    fn: (a, b, c) => tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias: c! }),
    inputs: () => [normal([3, 4], 1), normal([4, 5], 2), normal([5], 3)],
  },
  {
    name: 'fused depthwiseConv2d + bias (linear) and + relu6',
    covers: [tf.DepthwiseConv2dNative, tf.Relu6],
    fn: (x, w, b) => [
      tf.fused.depthwiseConv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, strides: 2, pad: 'same', bias: b! }),
      tf.fused.depthwiseConv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, strides: 1, pad: 'same', bias: b!, activation: 'relu6' }),
    ],
    inputs: () => [normal([1, 5, 5, 2], 1), normal([3, 3, 2, 1], 2, 0.5), normal([2], 3)],
    step: KINK,
  },
];

// HARMONIZATION_STOCK_GRADIENTS=1 runs the same cases against tfjs's stock gradients (as
// registered by tfjs-layers) without ours: the measurement of what was broken before.
const STOCK = process.env.HARMONIZATION_STOCK_GRADIENTS === '1';

describe.each(TEST_BACKENDS)('registered gradients on %s', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
    if (STOCK) await import('@tensorflow/tfjs-layers');
    else registerHarmonizationGradients();
  });

  for (const c of CASES) {
    for (const order of c.orders ?? [1, 2]) {
      it(`${c.name}: order ${order} matches finite differences`, () => {
        const xs = tf.tidy(() => c.inputs());
        const before = tf.memory().numTensors;
        try {
          const result = checkGradients(c.fn, xs, { order, step: c.step, wrt: c.wrt });
          expect(tf.memory().numTensors).toBe(before);
          expect(result.directions, JSON.stringify(result.directions)).toSatisfy(() => result.ok);
        } finally {
          xs.forEach((x) => x.dispose());
        }
      });
    }
  }

  afterAll(() => undefined);
});

describe.skipIf(STOCK)('gradient coverage', () => {
  it('every registered gradient is exercised by at least one finite-difference case', () => {
    // The batch-norm kernels exist only where a backend registers them: their gradients are
    // checked against finite differences in @harmonization/accelerator (batch-norm-grad.test.ts,
    // batch-norm-training.test.ts).
    const covered = new Set([
      ...CASES.flatMap((c) => c.covers),
      BATCH_NORM_GRAD_KERNEL,
      BATCH_NORM_GRAD_GRAD_KERNEL,
      BATCH_NORM_TRAINING_KERNEL,
      BATCH_NORM_TRAINING_GRAD_KERNEL,
      BATCH_NORM_TRAINING_GRAD_GRAD_KERNEL,
    ]);
    expect(HARMONIZATION_GRADIENT_KERNELS.filter((k) => !covered.has(k))).toEqual([]);
  });
});

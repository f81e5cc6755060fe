// HarmonizationBatchNormTraining / …Grad / …GradGrad behind core-loss's batchNormTraining. The
// kernel path must give what the composed path gives (tf.moments + tf.batchNorm, whose first and
// second derivatives core-loss proves against PyTorch), at the forward, first and second order;
// match PyTorch's training-mode F.batch_norm and its double backward (float64 fixture) directly;
// and GradGrad must match central finite differences of Grad. The native kernels must agree
// with the JS references (the fallbacks), nothing may leak, and a third derivative must fail in
// one sentence.
import * as tf from '@tensorflow/tfjs-core';
import { batchNormTraining, harmonizedGradients, registerHarmonizationGradients } from '@harmonization/core-loss';
import { loadReference } from '@harmonization/test-support';
import { beforeAll, expect, it } from 'vitest';
import { checkGradients } from '../../../core-loss/src/testing/finite-difference';
import { acceleratorStatus, disableCpuAccelerator, enableCpuAccelerator } from '../accelerator';
import { expectAgreesWithStock, randn } from '../test-utils/compare-with-stock';
import { describeNative, useCpu } from '../test-utils/native-suite';
import {
  BATCH_NORM_TRAINING,
  BATCH_NORM_TRAINING_GRAD,
  BATCH_NORM_TRAINING_GRAD_GRAD,
  batchNormTrainingGradGradReference,
  batchNormTrainingGradReference,
  batchNormTrainingReference,
} from './batch-norm-training';

const EPS = 1e-3;
const KERNELS = [BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD, BATCH_NORM_TRAINING_GRAD_GRAD];
const nativeCalls = (name: string) => acceleratorStatus().calls.native[name] ?? 0;
const counts = () => KERNELS.map(nativeCalls);

/** x [..., C] with a channel-dependent mean and spread, and per-channel scale and offset. */
function inputs(shape: number[]) {
  const c = shape[shape.length - 1]!;
  return {
    x: tf.tidy(() => tf.add(tf.mul(randn(shape), tf.add(tf.abs(randn([c])), 0.5)), randn([c]))),
    scale: tf.tidy(() => tf.add(tf.mul(randn([c]), 0.5), 1)),
    offset: randn([c]),
    dy: randn(shape),
  };
}
type Inputs = ReturnType<typeof inputs>;

/** [dx, dscale, doffset] of Σ dy·batchNormTraining(x, scale, offset).y; dy a tensor of the function. */
function firstDerivatives(x: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor, dy: tf.Tensor): tf.Tensor[] {
  return tf.grads((xx: tf.Tensor, s: tf.Tensor, o: tf.Tensor) => tf.sum(tf.mul(batchNormTraining(xx, s, o, EPS).y, dy)))([x, scale, offset]);
}

/**
 * Gradient of Σ_k <w_k, firstDerivatives_k> w.r.t. x, scale and dy. (No first derivative depends
 * on offset, so it has no second derivative: tf.grads refuses it.)
 */
function secondDerivatives(t: Inputs, weights: tf.Tensor[]): tf.Tensor[] {
  return tf.grads((x: tf.Tensor, s: tf.Tensor, dy: tf.Tensor) => {
    const first = firstDerivatives(x, s, t.offset, dy);
    return tf.addN(first.map((g, k) => tf.sum(tf.mul(g, weights[k]!)))) as tf.Scalar;
  })([t.x, t.scale, t.dy]);
}

const CASES: { name: string; shape: number[] }[] = [
  { name: 'rank 4', shape: [2, 5, 6, 8] },
  { name: 'rank 2', shape: [16, 12] },
];

interface RefCase {
  name: string;
  shape: number[];
  epsilon: number;
  [key: string]: unknown;
}
const ref = loadReference<{ cases: RefCase[] }>('core_loss_batch_norm_training').cases;
const num = (r: RefCase, key: string) => r[key] as number[];

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rtol: number, what: string): void {
  expect(got.length, what).toBe(want.length);
  let scale = 1e-12;
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    scale = Math.max(scale, Math.abs(want[i]!));
    worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
  }
  expect(worst, `${what}: max |error| against max |reference| ${scale}`).toBeLessThanOrEqual(rtol * scale);
}

describeNative('HarmonizationBatchNormTraining / …Grad / …GradGrad (batchNormTraining on the kernels)', () => {
  beforeAll(async () => {
    await useCpu();
    registerHarmonizationGradients();
  });

  for (const c of CASES) {
    it(`forward: y, mean, variance equal the composed path (tf.moments + tf.batchNorm), ${c.name}`, () => {
      const t = inputs(c.shape);
      const before = nativeCalls(BATCH_NORM_TRAINING);
      expectAgreesWithStock(() => {
        const out = batchNormTraining(t.x, t.scale, t.offset, EPS);
        return [out.y, out.mean, out.variance];
      });
      expect(nativeCalls(BATCH_NORM_TRAINING)).toBe(before + 1);
      tf.dispose(Object.values(t));
    });

    it(`first derivatives (x, scale, offset) equal the composed path's, ${c.name}`, () => {
      const t = inputs(c.shape);
      const before = counts();
      expectAgreesWithStock(() => firstDerivatives(t.x, t.scale, t.offset, t.dy));
      expect(counts()).toEqual([before[0]! + 1, before[1]! + 1, before[2]!]);
      tf.dispose(Object.values(t));
    });

    it(`second derivatives (x, scale, dy) equal the composed path's, ${c.name}`, () => {
      const t = inputs(c.shape);
      const cc = c.shape[c.shape.length - 1]!;
      const weights = [randn(c.shape), randn([cc]), randn([cc])];
      const before = counts();
      expectAgreesWithStock(() => secondDerivatives(t, weights));
      expect(counts()).toEqual([before[0]! + 1, before[1]! + 1, before[2]! + 1]);
      tf.dispose([...Object.values(t), ...weights]);
    });
  }

  it('null scale and offset (1 and 0): forward, first and second derivatives w.r.t. x equal the composed path', () => {
    const t = inputs([3, 4, 5, 6]);
    const w = randn([3, 4, 5, 6]);
    const before = counts();
    expectAgreesWithStock(() => {
      const y = batchNormTraining(t.x, null, null, EPS).y;
      const dx = (x: tf.Tensor) => tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(batchNormTraining(xx, null, null, EPS).y, t.dy)))(x);
      const ddx = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(dx(x), w)))(t.x);
      return [y, dx(t.x), ddx];
    });
    expect(counts().map((n, i) => n - before[i]!)).toEqual([3, 2, 1]);
    tf.dispose([...Object.values(t), w]);
  });

  it('mean and variance are constants of the tape on the kernel path too', () => {
    enableCpuAccelerator();
    const t = inputs([2, 3, 4, 5]);
    const f = (out: ReturnType<typeof batchNormTraining>) => tf.add(tf.sum(tf.square(out.mean)), tf.sum(out.variance));
    const [viaStats, both, yOnly] = tf.tidy(() => [
      tf.grad((x: tf.Tensor) => f(batchNormTraining(x, t.scale, t.offset, EPS)))(t.x).dataSync(),
      tf.grad((x: tf.Tensor) => {
        const out = batchNormTraining(x, t.scale, t.offset, EPS);
        return tf.add(tf.sum(tf.mul(out.y, t.dy)), f(out));
      })(t.x).dataSync(),
      tf.grad((x: tf.Tensor) => tf.sum(tf.mul(batchNormTraining(x, t.scale, t.offset, EPS).y, t.dy)))(t.x).dataSync(),
    ]);
    expect(Array.from(viaStats!).every((v) => v === 0)).toBe(true);
    expect(Array.from(both!)).toEqual(Array.from(yOnly!));
    tf.dispose(Object.values(t));
  });

  it('match PyTorch (F.batch_norm training, float64, double backward): y, mean, variance, first and second derivatives', () => {
    enableCpuAccelerator();
    for (const r of ref) {
      const c = r.shape[r.shape.length - 1]!;
      const t = {
        x: tf.tensor(num(r, 'x'), r.shape),
        scale: tf.tensor1d(num(r, 'scale')),
        offset: tf.tensor1d(num(r, 'offset')),
        dy: tf.tensor(num(r, 'dy'), r.shape),
      };
      const weights = [tf.tensor(num(r, 'wdx'), r.shape), tf.tensor1d(num(r, 'wdscale')), tf.tensor1d(num(r, 'wdoffset'))];
      const before = counts();
      const [forward, first, second] = tf.tidy(() => {
        const out = batchNormTraining(t.x, t.scale, t.offset, r.epsilon);
        return [
          [out.y, out.mean, out.variance].map((v) => v.dataSync()),
          firstDerivatives(t.x, t.scale, t.offset, t.dy).map((v) => v.dataSync()),
          secondDerivatives(t, weights).map((v) => v.dataSync()),
        ];
      });
      expect(counts().map((n, i) => n - before[i]!)).toEqual([3, 2, 1]);
      ['y', 'mean', 'variance'].forEach((k, i) => expectClose(forward[i]!, num(r, k), 1e-5, `${r.name} ${k}`));
      ['dx', 'dscale', 'doffset'].forEach((k, i) => expectClose(first[i]!, num(r, k), 1e-4, `${r.name} ${k}`));
      ['second_x', 'second_scale', 'second_dy'].forEach((k, i) => expectClose(second[i]!, num(r, k), 1e-4, `${r.name} ${k}`));
      expect(num(r, 'second_offset').every((v) => v === 0)).toBe(true);
      expect(c).toBe(r.shape.at(-1));
      tf.dispose([...Object.values(t), ...weights]);
    }
  });

  it('GradGrad matches central finite differences of Grad (w.r.t. dy, x, scale), rank 4 and rank 2', () => {
    enableCpuAccelerator();
    for (const c of CASES) {
      const t = inputs(c.shape);
      const before = counts();
      const fn = (x: tf.Tensor, s: tf.Tensor, dy: tf.Tensor) => firstDerivatives(x, s, t.offset, dy);
      // Float32 forwards, float64 sums: the bound is 1e-3 relative + 1e-6·‖∇L‖‖v‖.
      const result = checkGradients(fn, [t.x, t.scale, t.dy], { directions: 3, rtol: 1e-3, atol: 1e-6 });
      expect(result.directions, JSON.stringify(result.directions)).toSatisfy(() => result.ok);
      expect(nativeCalls(BATCH_NORM_TRAINING_GRAD_GRAD)).toBeGreaterThan(before[2]!);
      tf.dispose(Object.values(t));
    }
  });

  it('batchNormTraining on the kernels: first and second order match finite differences (x, scale, offset)', () => {
    enableCpuAccelerator();
    const t = inputs([2, 4, 4, 6]);
    const before = counts();
    const fn = (x: tf.Tensor, s: tf.Tensor, o: tf.Tensor) => batchNormTraining(x, s, o, EPS).y;
    const first = checkGradients(fn, [t.x, t.scale, t.offset], { order: 1, rtol: 1e-3, atol: 1e-6 });
    expect(first.directions, JSON.stringify(first.directions)).toSatisfy(() => first.ok);
    const second = checkGradients(fn, [t.x, t.scale], { order: 2, rtol: 1e-3, atol: 1e-6 });
    expect(second.directions, JSON.stringify(second.directions)).toSatisfy(() => second.ok);
    expect(counts().every((n, i) => n > before[i]!)).toBe(true);
    tf.dispose(Object.values(t));
  });

  it('the JS references (the fallbacks) agree with the native kernels, and report bad shapes', () => {
    enableCpuAccelerator();
    for (const c of CASES) {
      const t = inputs(c.shape);
      const cc = c.shape[c.shape.length - 1]!;
      const attrs = { varianceEpsilon: EPS } as never;
      const [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_TRAINING, { x: t.x, scale: t.scale, offset: t.offset }, attrs) as unknown as tf.Tensor[];
      const g = { gdx: randn(c.shape), gdscale: randn([cc]), gdoffset: randn([cc]) };
      const gradInputs = { dy: t.dy, x: t.x, scale: t.scale, mean: mean!, variance: variance! };
      const cases: [string, tf.NamedTensorMap, typeof batchNormTrainingReference][] = [
        [BATCH_NORM_TRAINING, { x: t.x, scale: t.scale, offset: t.offset }, batchNormTrainingReference],
        [BATCH_NORM_TRAINING_GRAD, gradInputs, batchNormTrainingGradReference],
        [BATCH_NORM_TRAINING_GRAD_GRAD, { ...gradInputs, ...g }, batchNormTrainingGradGradReference],
      ];
      for (const [name, ins, reference] of cases) {
        const before = nativeCalls(name);
        const native = tf.engine().runKernel(name, ins, attrs) as unknown as tf.Tensor[];
        expect(nativeCalls(name)).toBe(before + 1);
        const ref = (reference({ inputs: ins, backend: tf.backend(), attrs }) as tf.TensorInfo[]).map((i) => tf.engine().makeTensorFromTensorInfo(i));
        expect(ref.map((r) => r.shape)).toEqual(native.map((r) => r.shape));
        ref.forEach((r, k) => expectClose(native[k]!.dataSync(), r.dataSync(), 1e-6, `${name} output ${k}`));
        tf.dispose([...native, ...ref]);
      }
      tf.dispose([...Object.values(t), ...Object.values(g), y!, mean!, variance!]);
    }
    const x = randn([2, 4]);
    const bad = randn([5]);
    expect(() => tf.engine().runKernel(BATCH_NORM_TRAINING, { x, scale: bad, offset: bad }, {})).toThrow(
      'Error in HarmonizationBatchNormTraining: scale must be float32 of shape [4], got float32 [5].',
    );
    tf.dispose([x, bad]);
  });

  it('results do not depend on the thread count (sums over fixed row blocks), bit for bit', () => {
    // 8192 rows of 16 channels: 4 blocks of sums, split across threads when there are several.
    const shape = [8, 32, 32, 16];
    const t = inputs(shape);
    const g = { gdx: randn(shape), gdscale: randn([16]), gdoffset: randn([16]) };
    const attrs = { varianceEpsilon: EPS } as never;
    const all = () => {
      const [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_TRAINING, { x: t.x, scale: t.scale, offset: t.offset }, attrs) as unknown as tf.Tensor[];
      const stats = { dy: t.dy, x: t.x, scale: t.scale, mean: mean!, variance: variance! };
      const first = tf.engine().runKernel(BATCH_NORM_TRAINING_GRAD, stats, attrs) as unknown as tf.Tensor[];
      const second = tf.engine().runKernel(BATCH_NORM_TRAINING_GRAD_GRAD, { ...stats, ...g }, attrs) as unknown as tf.Tensor[];
      const out = [y!, mean!, variance!, ...first, ...second];
      const values = out.map((v) => Float32Array.from(v.dataSync()));
      tf.dispose(out);
      return values;
    };
    try {
      expect(enableCpuAccelerator({ threads: 1 }).threads).toBe(1);
      const one = all();
      expect(enableCpuAccelerator({ threads: 3 }).threads).toBe(3);
      const before = counts();
      const three = all();
      expect(counts().map((n, i) => n - before[i]!)).toEqual([1, 1, 1]);
      three.forEach((v, i) => expect(Array.from(v), `output ${i}`).toEqual(Array.from(one[i]!)));
    } finally {
      enableCpuAccelerator();
    }
    tf.dispose([...Object.values(t), ...Object.values(g)]);
  });

  it('differentiating HarmonizationBatchNormTrainingGradGrad fails with one clear sentence', () => {
    enableCpuAccelerator();
    const t = inputs([2, 3, 3, 4]);
    const weights = [randn([2, 3, 3, 4]), randn([4]), randn([4])];
    const third = () => tf.grad((x: tf.Tensor) => tf.sum(secondDerivatives({ ...t, x }, weights)[0]!))(t.x);
    expect(third).toThrow(/^Error in HarmonizationBatchNormTrainingGradGrad: third derivatives of batch norm are not supported/);
    tf.dispose([...Object.values(t), ...weights]);
  });

  it('a harmonized step (conv → batchNormTraining → relu → conv): same gradients on both paths, 3 kernels, no leak', () => {
    enableCpuAccelerator();
    const v = {
      w1: tf.variable(tf.mul(randn([3, 3, 3, 6]), 0.3)),
      gamma: tf.variable(tf.add(tf.mul(randn([6]), 0.3), 1)),
      beta: tf.variable(tf.mul(randn([6]), 0.3)),
      w2: tf.variable(tf.mul(randn([3, 3, 6, 5]), 0.3)),
    };
    const logits = (images: tf.Tensor4D) => {
      const h = tf.conv2d(images, v.w1 as tf.Tensor4D, 1, 'same');
      const bn = batchNormTraining(h, v.gamma, v.beta, EPS);
      const out = tf.conv2d(tf.relu(bn.y) as tf.Tensor4D, v.w2 as tf.Tensor4D, 2, 'same');
      return tf.mean(out, [1, 2]) as tf.Tensor2D;
    };
    const batch = {
      images: randn([3, 8, 8, 3]) as tf.Tensor4D,
      labels: tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d([0, 3, 1], 'int32'), 5), 'float32')) as tf.Tensor2D,
      heatmaps: tf.tidy(() => tf.abs(randn([3, 8, 8]))),
    };
    const variables = Object.values(v);
    const step = () => {
      const out = harmonizedGradients(logits, batch, { lambdaHarmonization: 10, variables });
      const values = out.grads.map((g) => Float32Array.from(g.dataSync()));
      tf.dispose(out.grads);
      return values;
    };
    disableCpuAccelerator();
    let composed: Float32Array[];
    try {
      composed = step();
    } finally {
      enableCpuAccelerator();
    }
    const before = counts();
    const tensors = tf.memory().numTensors;
    const kernel = step();
    for (let i = 0; i < 2; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    // Per step: one forward, the saliency's and the weights' first derivatives, one second derivative.
    expect(counts().map((n, i) => n - before[i]!)).toEqual([3 * 1, 3 * 2, 3 * 1]);
    composed.forEach((want, i) => expectClose(kernel[i]!, want, 1e-4, `gradient of ${Object.keys(v)[i]}`));
    tf.dispose([...variables, ...Object.values(batch)]);
  });
});

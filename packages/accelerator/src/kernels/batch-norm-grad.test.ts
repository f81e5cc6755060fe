// HarmonizationBatchNormGrad (FusedBatchNorm's gradient in one kernel) and
// HarmonizationBatchNormGradGrad (its gradient). The first must give what core-loss's op-built
// gradient gives (that path has its own finite-difference proof in core-loss), the second what
// differentiating that op-built gradient gives, and also match finite differences of the first.
// Then a harmonized step on a conv + BatchNormalization model: same gradients with and without
// the two kernels, nothing leaked.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { harmonizedGradients, registerHarmonizationGradients } from '@harmonization/core-loss';
import { beforeAll, expect, it } from 'vitest';
import { checkGradients } from '../../../core-loss/src/testing/finite-difference';
import { acceleratorStatus, enableCpuAccelerator } from '../accelerator';
import { expectAgreesWithStock, randn } from '../test-utils/compare-with-stock';
import { describeNative, useCpu } from '../test-utils/native-suite';
import { BATCH_NORM_GRAD, BATCH_NORM_GRAD_GRAD, batchNormGradGradReference, batchNormGradReference } from './batch-norm-grad';

const EPS = 1e-3;
const positive = (shape: number[], floor = 0.1) => tf.tidy(() => tf.add(tf.abs(randn(shape)), floor));
const nativeCalls = (name: string) => acceleratorStatus().calls.native[name] ?? 0;

/** x [..., C] and per-channel mean, variance, scale, offset of `statShape`. */
function inputs(xShape: number[], statShape: number[]) {
  return {
    dy: randn(xShape),
    x: randn(xShape),
    mean: tf.tidy(() => tf.mul(randn(statShape), 0.3)),
    variance: positive(statShape, 0.5),
    scale: randn(statShape),
    offset: randn(statShape),
  };
}
type Inputs = ReturnType<typeof inputs>;

/**
 * [dx, dmean, dvariance, dscale, doffset] of Σ dy·batchNorm(x, mean, variance, offset, scale):
 * HarmonizationBatchNormGrad where registered, core-loss's op-built gradient otherwise. `dy` is a
 * tensor of the function, so the result can be differentiated with respect to it too.
 */
function firstDerivatives(dy: tf.Tensor, x: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor): tf.Tensor[] {
  return tf.grads((xx: tf.Tensor, m: tf.Tensor, v: tf.Tensor, s: tf.Tensor, o: tf.Tensor) =>
    tf.sum(tf.mul(tf.batchNorm(xx, m, v, o, s, EPS), dy)),
  )([x, mean, variance, scale, offset]);
}

/** Gradient of Σ_k <w_k, firstDerivatives_k> with respect to dy, x, mean, variance, scale. */
function secondDerivatives(t: Inputs, weights: tf.Tensor[]): tf.Tensor[] {
  return tf.grads((dy: tf.Tensor, x: tf.Tensor, m: tf.Tensor, v: tf.Tensor, s: tf.Tensor) => {
    const first = firstDerivatives(dy, x, m, v, s, t.offset);
    return tf.addN(first.map((g, k) => tf.sum(tf.mul(g, weights[k]!)))) as tf.Scalar;
  })([t.dy, t.x, t.mean, t.variance, t.scale]);
}

const CASES: { name: string; x: number[]; stats: number[] }[] = [
  { name: 'rank 4, [C] statistics', x: [2, 5, 6, 8], stats: [8] },
  { name: 'rank 4, keep-dims [1,1,1,C] statistics', x: [3, 4, 4, 6], stats: [1, 1, 1, 6] },
  { name: 'rank 2 (dense layer), [C] statistics', x: [16, 12], stats: [12] },
];

describeNative('HarmonizationBatchNormGrad / HarmonizationBatchNormGradGrad', () => {
  beforeAll(async () => {
    await useCpu();
    registerHarmonizationGradients();
  });

  for (const c of CASES) {
    it(`first derivatives equal core-loss's op-built gradient, ${c.name}`, () => {
      const t = inputs(c.x, c.stats);
      const before = nativeCalls(BATCH_NORM_GRAD);
      expectAgreesWithStock(() => firstDerivatives(t.dy, t.x, t.mean, t.variance, t.scale, t.offset));
      expect(nativeCalls(BATCH_NORM_GRAD)).toBe(before + 1);
      tf.dispose(Object.values(t));
    });

    it(`second derivatives equal those of the op-built gradient, ${c.name}`, () => {
      const t = inputs(c.x, c.stats);
      const weights = [randn(c.x), randn(c.stats), randn(c.stats), randn(c.stats), randn(c.stats)];
      const before = nativeCalls(BATCH_NORM_GRAD_GRAD);
      expectAgreesWithStock(() => secondDerivatives(t, weights));
      expect(nativeCalls(BATCH_NORM_GRAD_GRAD)).toBe(before + 1);
      tf.dispose([...Object.values(t), ...weights]);
    });
  }

  it('second derivatives match central finite differences of the first (all five inputs)', () => {
    enableCpuAccelerator();
    for (const c of CASES.slice(0, 2)) {
      const t = inputs(c.x, c.stats);
      const before = nativeCalls(BATCH_NORM_GRAD_GRAD);
      const fn = (dy: tf.Tensor, x: tf.Tensor, m: tf.Tensor, v: tf.Tensor, s: tf.Tensor) => firstDerivatives(dy, x, m, v, s, t.offset);
      // Float32 forwards, float64 sums: observed |analytic − numeric| ≤ 3e-4 on derivatives of
      // 1–40 against a bound of 1e-3 relative + 1e-6·‖∇L‖‖v‖ (≈ 1e-3).
      const result = checkGradients(fn, [t.dy, t.x, t.mean, t.variance, t.scale], { directions: 3, rtol: 1e-3, atol: 1e-6 });
      expect(result.directions, JSON.stringify(result.directions)).toSatisfy(() => result.ok);
      expect(nativeCalls(BATCH_NORM_GRAD_GRAD)).toBeGreaterThan(before);
      tf.dispose(Object.values(t));
    }
  });

  it('tf.batchNorm on the kernels: first and second order match finite differences', () => {
    enableCpuAccelerator();
    const t = inputs([2, 4, 4, 6], [6]);
    const before = [nativeCalls(BATCH_NORM_GRAD), nativeCalls(BATCH_NORM_GRAD_GRAD)];
    const fn = (x: tf.Tensor, m: tf.Tensor, v: tf.Tensor, s: tf.Tensor, o: tf.Tensor) => tf.batchNorm(x, m, v, o, s, EPS);
    for (const order of [1, 2] as const) {
      const result = checkGradients(fn, [t.x, t.mean, t.variance, t.scale, t.offset], { order, rtol: 1e-3, atol: 1e-6 });
      expect(result.directions, JSON.stringify(result.directions)).toSatisfy(() => result.ok);
    }
    expect(nativeCalls(BATCH_NORM_GRAD)).toBeGreaterThan(before[0]!);
    expect(nativeCalls(BATCH_NORM_GRAD_GRAD)).toBeGreaterThan(before[1]!);
    tf.dispose(Object.values(t));
  });

  it('statistics that are not per channel take the op-built gradient (and agree with stock)', () => {
    const shape = [2, 6, 8, 12];
    const [x, dy] = [randn(shape), randn(shape)];
    const [m, v, s, o] = [randn(shape), positive(shape), randn(shape), randn(shape)];
    const before = nativeCalls(BATCH_NORM_GRAD);
    expectAgreesWithStock(() => firstDerivatives(dy, x, m, v, s, o));
    expect(nativeCalls(BATCH_NORM_GRAD)).toBe(before);
    tf.dispose([x, dy, m, v, s, o]);
  });

  it('differentiating HarmonizationBatchNormGradGrad fails with one clear sentence', () => {
    enableCpuAccelerator();
    const t = inputs([2, 3, 3, 4], [4]);
    const weights = [randn([2, 3, 3, 4]), randn([4]), randn([4]), randn([4]), randn([4])];
    const third = () =>
      tf.grad((x: tf.Tensor) => tf.sum(secondDerivatives({ ...t, x }, weights)[0]!))(t.x);
    expect(third).toThrow(/^Error in HarmonizationBatchNormGradGrad: third derivatives of batch norm are not supported/);
    tf.dispose([...Object.values(t), ...weights]);
  });

  it('the JS references (the fallbacks) agree with the native kernels, and report bad shapes', () => {
    enableCpuAccelerator();
    for (const c of CASES) {
      const t = inputs(c.x, c.stats);
      const g = [randn(c.x), randn(c.stats), randn(c.stats), randn(c.stats), randn(c.stats)];
      const attrs = { varianceEpsilon: EPS } as never;
      const gradInputs = { dy: t.dy, x: t.x, mean: t.mean, variance: t.variance, scale: t.scale };
      const gradGradInputs = { ...gradInputs, gdx: g[0]!, gmean: g[1]!, gvariance: g[2]!, gscale: g[3]!, goffset: g[4]! };
      const pairs: [string, tf.NamedTensorMap, typeof batchNormGradReference][] = [
        [BATCH_NORM_GRAD, gradInputs, batchNormGradReference],
        [BATCH_NORM_GRAD_GRAD, gradGradInputs, batchNormGradGradReference],
      ];
      for (const [name, ins, reference] of pairs) {
        const before = nativeCalls(name);
        const native = tf.engine().runKernel(name, ins, attrs) as unknown as tf.Tensor[];
        expect(nativeCalls(name)).toBe(before + 1);
        const infos = reference({ inputs: ins, backend: tf.backend(), attrs }) as tf.TensorInfo[];
        const ref = infos.map((i) => tf.engine().makeTensorFromTensorInfo(i));
        expect(ref.map((r) => r.shape)).toEqual(native.map((r) => r.shape));
        ref.forEach((r, k) => {
          const [a, b] = [r.dataSync(), native[k]!.dataSync()];
          const scale = Math.max(...Array.from(a, Math.abs), 1e-12);
          const worst = Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!)));
          expect(worst, `${name} output ${k}`).toBeLessThanOrEqual(1e-6 * scale);
        });
        tf.dispose([...native, ...ref]);
      }
      tf.dispose([...Object.values(t), ...g]);
    }
    const x = randn([2, 4]);
    const bad = randn([5]);
    expect(() => tf.engine().runKernel(BATCH_NORM_GRAD, { dy: x, x, mean: bad, variance: bad, scale: bad }, {})).toThrow(
      'Error in HarmonizationBatchNormGrad: mean must be float32 per channel ([4] or [1,…,1,4]), got float32 [5].',
    );
    tf.dispose([x, bad]);
  });

  it('a harmonized step on conv + BatchNormalization (training): same gradients with and without the kernels, no leak', () => {
    enableCpuAccelerator();
    tf.util.assert(tf.getBackend() === 'cpu', () => 'cpu backend expected');
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [10, 10, 3], filters: 6, kernelSize: 3, padding: 'same', kernelInitializer: tfl.initializers.glorotNormal({ seed: 1 }) }),
        tfl.layers.batchNormalization({ epsilon: 1e-3, gammaInitializer: tfl.initializers.randomNormal({ mean: 1, stddev: 0.3, seed: 2 }) }),
        tfl.layers.activation({ activation: 'relu' }),
        tfl.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: tfl.initializers.glorotNormal({ seed: 3 }) }),
        tfl.layers.batchNormalization({ epsilon: 1e-3, betaInitializer: tfl.initializers.randomNormal({ stddev: 0.3, seed: 4 }) }),
        tfl.layers.activation({ activation: 'relu' }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 5, kernelInitializer: tfl.initializers.glorotNormal({ seed: 5 }) }),
      ],
    });
    const batch = {
      images: randn([3, 10, 10, 3]) as tf.Tensor4D,
      labels: tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d([0, 3, 1], 'int32'), 5), 'float32')) as tf.Tensor2D,
      heatmaps: tf.tidy(() => tf.abs(randn([3, 10, 10]))),
    };
    const step = () => {
      const out = harmonizedGradients(model, batch, { lambdaHarmonization: 10 });
      const values = out.grads.map((g) => Float32Array.from(g.dataSync()));
      tf.dispose(out.grads);
      return values;
    };
    // Without: the two kernels unregistered (everything else still accelerated).
    const configs = [BATCH_NORM_GRAD, BATCH_NORM_GRAD_GRAD].map((name) => tf.getKernel(name, 'cpu')!);
    configs.forEach((k) => tf.unregisterKernel(k.kernelName, 'cpu'));
    let without: Float32Array[];
    try {
      without = step();
    } finally {
      configs.forEach((k) => tf.registerKernel(k));
    }
    const before = [nativeCalls(BATCH_NORM_GRAD), nativeCalls(BATCH_NORM_GRAD_GRAD)];
    const tensors = tf.memory().numTensors;
    const with1 = step();
    for (let i = 0; i < 2; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    // Per step: 2 batch norms × (saliency + weight gradients) and 2 second derivatives.
    expect(nativeCalls(BATCH_NORM_GRAD) - before[0]!).toBe(3 * 4);
    expect(nativeCalls(BATCH_NORM_GRAD_GRAD) - before[1]!).toBe(3 * 2);
    // (The moving statistics change between steps, but training mode does not read them.)
    // Each gradient relative to its own scale, floored at 1e-3 of the model's largest entry: a
    // conv bias feeding a batch norm has a true gradient of zero, so only rounding noise.
    const globalScale = Math.max(...without.map((w) => Math.max(...Array.from(w, Math.abs))));
    without.forEach((w, i) => {
      const got = with1[i]!;
      const scale = Math.max(...Array.from(w, Math.abs), 1e-3 * globalScale);
      const worst = Math.max(...Array.from(w, (v, j) => Math.abs(v - got[j]!)));
      expect(worst, `gradient ${i} (${model.trainableWeights[i]!.name})`).toBeLessThanOrEqual(1e-4 * scale);
    });
    tf.dispose(Object.values(batch));
    model.dispose();
  });
});

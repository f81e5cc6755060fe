// Registration: complete, idempotent and quiet; undone by a later tfjs-layers import, which
// checkHarmonizationGradients detects and ensureHarmonizationGradients repairs; the same for
// our wasm kernels and the fused-op wrappers. Plus a leak check of repeated double backprop
// through a small layers model on every backend.
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TEST_BACKENDS, useBackend } from '@harmonization/test-support';
import {
  HARMONIZATION_GRADIENT_KERNELS,
  checkHarmonizationGradients,
  ensureHarmonizationGradients,
  registerHarmonizationGradients,
} from './register-gradients';

/** d/dx of Σ (d/dx Σ swish(x))² — a second derivative stock tfjs gets silently wrong (Sigmoid's saved output). */
function secondOrderSwish(): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor1d([-1.5, -0.3, 0.4, 2]);
    const inner = (t: tf.Tensor) => tf.grad((u: tf.Tensor) => tf.sum(tf.mul(u, tf.sigmoid(u))))(t);
    return tf.grad((t: tf.Tensor) => tf.sum(tf.square(inner(t))))(x).dataSync() as Float32Array;
  });
}

/** The exact value: g = s + x·s(1-s), d(g²)/dx = 2g·g' with g' = 2s(1-s) + x·s(1-s)(1-2s). */
function secondOrderSwishExact(): number[] {
  return [-1.5, -0.3, 0.4, 2].map((x) => {
    const s = 1 / (1 + Math.exp(-x));
    const g = s + x * s * (1 - s);
    return 2 * g * (2 * s * (1 - s) + x * s * (1 - s) * (1 - 2 * s));
  });
}

describe('registerHarmonizationGradients', () => {
  afterEach(() => vi.restoreAllMocks());

  it('registers every gradient, wasm kernel and fused wrapper, quietly and idempotently', async () => {
    await useBackend('cpu');
    const warn = vi.spyOn(console, 'warn');
    registerHarmonizationGradients();
    registerHarmonizationGradients();
    expect(checkHarmonizationGradients()).toEqual({ ok: true, overridden: [] });
    expect(warn).not.toHaveBeenCalled();
    expect(HARMONIZATION_GRADIENT_KERNELS).toContain('Conv2DBackpropFilter');
    expect(HARMONIZATION_GRADIENT_KERNELS).toContain('MaxPoolGrad');
    expect(new Set(HARMONIZATION_GRADIENT_KERNELS).size).toBe(HARMONIZATION_GRADIENT_KERNELS.length);
    const got = secondOrderSwish();
    secondOrderSwishExact().forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
  });

  it('a later @tensorflow/tfjs-layers import overwrites them; check detects it, ensure restores it', async () => {
    await useBackend('cpu');
    registerHarmonizationGradients();
    await import('@tensorflow/tfjs-layers');
    const after = checkHarmonizationGradients();
    expect(after.ok).toBe(false);
    expect(after.overridden).toEqual(expect.arrayContaining(['Conv2D', 'Sigmoid', 'Softmax', 'Tile', 'MaxPool', 'AvgPool']));
    // The overwrite matters: the stock Sigmoid gradient reuses the saved output, so this is wrong.
    const stock = secondOrderSwish();
    const exact = secondOrderSwishExact();
    expect(Math.max(...exact.map((v, i) => Math.abs(v - (stock[i] as number))))).toBeGreaterThan(1e-3);
    ensureHarmonizationGradients();
    expect(checkHarmonizationGradients()).toEqual({ ok: true, overridden: [] });
    const fixed = secondOrderSwish();
    exact.forEach((v, i) => expect(fixed[i]).toBeCloseTo(v, 5));
  });

  it('detects and restores a replaced wasm kernel without a duplicate-registration warning', async () => {
    registerHarmonizationGradients();
    const ours = tf.getKernel(tf.MaxPoolGrad, 'wasm');
    expect(ours).toBeDefined();
    tf.unregisterKernel(tf.MaxPoolGrad, 'wasm');
    tf.registerKernel({ kernelName: tf.MaxPoolGrad, backendName: 'wasm', kernelFunc: () => ({ dataId: {}, shape: [], dtype: 'float32' }) });
    expect(checkHarmonizationGradients().overridden).toEqual(['wasm:MaxPoolGrad']);
    const warn = vi.spyOn(console, 'warn');
    ensureHarmonizationGradients();
    expect(warn).not.toHaveBeenCalled();
    expect(tf.getKernel(tf.MaxPoolGrad, 'wasm')?.kernelFunc).toBe(ours?.kernelFunc);
    expect(checkHarmonizationGradients().ok).toBe(true);
  });

  it('detects and restores a replaced fused op', () => {
    registerHarmonizationGradients();
    const fused = tf.fused as unknown as Record<string, unknown>;
    const wrapper = fused.conv2d;
    fused.conv2d = () => {
      throw new Error('not ours');
    };
    expect(checkHarmonizationGradients().overridden).toEqual(['fused.conv2d']);
    ensureHarmonizationGradients();
    expect(fused.conv2d).toBe(wrapper);
  });
});

describe.each(TEST_BACKENDS)('double backprop through a layers model on %s', (backend) => {
  it('leaks no tensor over repeated steps and keeps our gradients in force', async () => {
    await useBackend(backend);
    const tfl = await import('@tensorflow/tfjs-layers');
    ensureHarmonizationGradients();
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [9, 9, 3], filters: 4, kernelSize: 3, padding: 'same', strides: 2 }),
        tfl.layers.batchNormalization(),
        tfl.layers.activation({ activation: 'relu' }),
        tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same' }),
        tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same' }),
        tfl.layers.globalAveragePooling2d({}),
        tfl.layers.dense({ units: 3 }),
      ],
    });
    const x = tf.randomNormal([2, 9, 9, 3], 0, 1, 'float32', 1);
    const labels = tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3);
    const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const step = () =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          // Saliency (gradient of the class logit w.r.t. the input), then a loss on it.
          const sal = tf.grad((img: tf.Tensor) => tf.sum(tf.mul(model.apply(img, { training: true }) as tf.Tensor, labels)))(x);
          return tf.mean(tf.square(sal)) as tf.Scalar;
        }, weights);
        // Kernels and BN scales: their gradient through the saliency is non-zero. (Biases and
        // BN offsets only move relu/max-pool decisions here, so theirs is exactly 0.)
        return model.trainableWeights
          .filter((w) => /kernel|gamma/.test(w.originalName))
          .map((w) => tf.sum(tf.abs(grads[(w.read() as tf.Variable).name] as tf.Tensor)));
      });
    tf.dispose(step());
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const sums = step();
      // The last Dense kernel included (fused matMul + bias under a tape).
      expect(sums.length).toBe(4);
      sums.forEach((s) => expect(s.dataSync()[0]).toBeGreaterThan(0));
      tf.dispose(sums);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(checkHarmonizationGradients().ok).toBe(true);
    tf.dispose([x, labels]);
    model.dispose();
  });
});

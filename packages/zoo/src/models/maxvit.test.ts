import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@harmonization/test-support';
import { buildMaxViT, buildMaxViTTiny } from './maxvit';

// Window ⌈32 / 8⌉ = 4: 8×8 maps in stage 1 (2×2 windows, 2×2 grid), 4×4 in stage 2 (one window).
const tiny = { depths: [1, 1], widths: [16, 32], stemWidth: 8, headDim: 8, windowRatio: 8 };
const trainable = (m: { trainableWeights: { shape: Array<number | null> }[] }) =>
  m.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 0), 1), 0);

describe('buildMaxViT', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('builds a tiny MaxViT with kecam names and runs forward', () => {
    const model = buildMaxViT({ ...tiny, inputShape: [32, 32, 3], numClasses: 5 });
    const weights = Object.fromEntries(model.weights.map((w) => [w.originalName, w.shape]));
    const b = 'stack_2_block_1/';
    expect(weights['stem_1_conv/kernel']).toEqual([3, 3, 3, 8]);
    expect(weights['stem_1_bn/moving_variance']).toEqual([8]);
    expect(weights['stem_2_conv/bias']).toEqual([8]);
    expect(weights[`${b}mbconv/shortcut_conv/kernel`]).toEqual([1, 1, 16, 32]);
    expect(weights[`${b}mbconv/preact_bn/gamma`]).toEqual([16]);
    expect(weights[`${b}mbconv/expand_conv/kernel`]).toEqual([1, 1, 16, 128]);
    expect(weights[`${b}mbconv/expand_conv/bias`]).toBeUndefined();
    expect(weights[`${b}mbconv/MB_dw_conv/depthwise_kernel`]).toEqual([3, 3, 128, 1]);
    expect(weights[`${b}mbconv/se/1_conv/kernel`]).toEqual([1, 1, 128, 8]);
    expect(weights[`${b}mbconv/se/2_conv/kernel`]).toEqual([1, 1, 8, 128]);
    expect(weights[`${b}mbconv/MB_pw_conv/kernel`]).toEqual([1, 1, 128, 32]);
    for (const kind of ['block_', 'grid_']) {
      expect(weights[`${b}${kind}attn_preact_ln/gamma`]).toEqual([32]);
      expect(weights[`${b}${kind}window_mhsa/qkv_conv/kernel`]).toEqual([1, 1, 32, 96]);
      expect(weights[`${b}${kind}window_mhsa/pos_emb/positional_embedding`]).toEqual([4, 49]);
      expect(weights[`${b}${kind}window_mhsa/output/kernel`]).toEqual([32, 32]);
      expect(weights[`${b}${kind}ffn/1_dense/kernel`]).toEqual([32, 128]);
      expect(weights[`${b}${kind}ffn/2_dense/bias`]).toEqual([32]);
    }
    expect(weights['post_ln/gamma']).toEqual([32]);
    expect(weights['features/kernel']).toEqual([32, 32]);
    expect(weights['predictions/kernel']).toEqual([32, 5]);
    const y = tf.tidy(() => model.predict(tf.randomNormal([2, 32, 32, 3])) as tf.Tensor);
    expect(y.shape).toEqual([2, 5]);
    expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
    y.dispose();
    model.dispose();
  });

  it('computes first-order gradients for every trainable weight', () => {
    const model = buildMaxViT({ ...tiny, inputShape: [32, 32, 3], numClasses: 3 });
    // Non-zero relative position biases, so their gradient path is a real one.
    for (const w of model.weights.filter((v) => v.originalName.endsWith('positional_embedding'))) {
      w.write(tf.randomNormal(w.shape as number[]));
    }
    const x = tf.randomNormal([2, 32, 32, 3]);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar);
    expect(Object.keys(grads).length).toBe(model.trainableWeights.length);
    for (const [name, g] of Object.entries(grads)) {
      const norm = tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0] as number);
      expect(Number.isFinite(norm), name).toBe(true);
      expect(norm, name).toBeGreaterThan(0);
    }
    tf.dispose([value, x, ...Object.values(grads)]);
    model.dispose();
  });

  it('rejects widths that are not multiples of the head size', () => {
    expect(() => buildMaxViT({ ...tiny, widths: [16, 20], inputShape: [32, 32, 3], numClasses: 5 })).toThrow(
      'Error in buildMaxViT: every width must be a multiple of headDim 8, got 20.',
    );
  });

  it('MaxViT-Tiny at 224x224 with 1000 classes: 30,964,144 parameters, 30,916,528 trainable (published: 31 M)', () => {
    const model = buildMaxViTTiny({ inputShape: [224, 224, 3], numClasses: 1000 });
    expect(model.name).toBe('maxvit_tiny');
    expect(model.countParams()).toBe(30_964_144);
    expect(trainable(model)).toBe(30_916_528);
    const weights = Object.fromEntries(model.weights.map((w) => [w.originalName, w.shape]));
    // 7×7 windows at 224: (2·7 − 1)² = 169 relative offsets; 2 heads of 32 channels in stage 1.
    expect(weights['stack_1_block_1/block_window_mhsa/pos_emb/positional_embedding']).toEqual([2, 169]);
    expect(weights['stack_4_block_2/grid_window_mhsa/pos_emb/positional_embedding']).toEqual([16, 169]);
    expect(weights['stack_1_block_1/mbconv/se/1_conv/kernel']).toEqual([1, 1, 256, 16]);
    model.dispose();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@harmonization/test-support';
import { buildLeViT, buildLeViT128 } from './levit';

// 64 px: stem /16 → 4×4 tokens, downsampled to 2×2 after stage 1.
const tiny = {
  stemWidth: 16,
  widths: [32, 32],
  numHeads: [2, 3],
  depths: [1, 1],
  keyDims: [8, 8],
  attnRatios: [2, 2],
  mlpRatios: [2, 2],
  strides: [2, 0],
};
const trainable = (m: { trainableWeights: { shape: Array<number | null> }[] }) =>
  m.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 0), 1), 0);

describe('buildLeViT', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('builds a tiny LeViT with kecam names and runs forward', () => {
    const model = buildLeViT({ ...tiny, inputShape: [64, 64, 3], numClasses: 6 });
    const weights = Object.fromEntries(model.weights.map((w) => [w.originalName, w.shape]));
    expect(weights['stem_1_conv/kernel']).toEqual([3, 3, 3, 2]);
    expect(weights['stem_4_conv/kernel']).toEqual([3, 3, 8, 16]);
    expect(weights['stem_4_bn/gamma']).toEqual([16]);
    // Block: heads 2, key 8, ratio 2 → qkv 2·(8 + 8 + 16) = 64; 4×4 = 16 keys.
    expect(weights['stack1_block1_qkv/kernel']).toEqual([16, 64]);
    expect(weights['stack1_block1_qkv/bias']).toBeUndefined();
    expect(weights['stack1_block1_qkv_bn/gamma']).toEqual([64]);
    expect(weights['stack1_block1_attn_pos/positional_embedding']).toEqual([16, 2]);
    expect(weights['stack1_block1_out/kernel']).toEqual([32, 16]);
    expect(weights['stack1_block1_out_bn/beta']).toEqual([16]);
    expect(weights['stack1_block1_mlp_1_dense/kernel']).toEqual([16, 32]);
    expect(weights['stack1_block1_mlp_2_bn/moving_mean']).toEqual([16]);
    // Downsample: heads 16/8 = 2, ratio 2·2 = 4 → kv 2·(8 + 32) = 80; 2×2 queries over 16 keys.
    expect(weights['stack1_downsample_q/kernel']).toEqual([16, 16]);
    expect(weights['stack1_downsample_kv/kernel']).toEqual([16, 80]);
    expect(weights['stack1_downsample_attn_pos/positional_embedding']).toEqual([16, 2]);
    expect(weights['stack1_downsample_out/kernel']).toEqual([64, 32]);
    expect(weights['stack1_downsample_mlp_1_dense/kernel']).toEqual([32, 64]);
    expect(weights['stack2_block1_attn_pos/positional_embedding']).toEqual([4, 3]);
    expect(weights['head_bn/gamma']).toEqual([32]);
    expect(weights['head/kernel']).toEqual([32, 6]);
    expect(weights['head/bias']).toEqual([6]);
    const y = tf.tidy(() => model.predict(tf.randomNormal([2, 64, 64, 3])) as tf.Tensor);
    expect(y.shape).toEqual([2, 6]);
    const values = Array.from(y.dataSync());
    expect(values.every(Number.isFinite)).toBe(true);
    expect(values.some((v) => v !== 0)).toBe(true); // the downsampling branch is live at init
    y.dispose();
    model.dispose();
  });

  it('computes first-order gradients for every trainable weight', () => {
    const model = buildLeViT({ ...tiny, inputShape: [64, 64, 3], numClasses: 3 });
    // Non-zero residual-branch gammas and attention biases, so every gradient path is live.
    for (const w of model.weights.filter((v) => /out_bn\/gamma|positional_embedding/.test(v.originalName))) {
      w.write(tf.randomNormal(w.shape as number[]));
    }
    const x = tf.randomNormal([2, 64, 64, 3]);
    // Inference-mode BatchNorm: in training mode `head_bn` removes the batch mean, so a shift
    // shared by the batch (the last block's BN beta) has, correctly, zero gradient.
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(model.apply(x, { training: false }) as tf.Tensor)) as tf.Scalar);
    expect(Object.keys(grads).length).toBe(model.trainableWeights.length);
    for (const [name, g] of Object.entries(grads)) {
      const norm = tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0] as number);
      expect(Number.isFinite(norm), name).toBe(true);
      expect(norm, name).toBeGreaterThan(0);
    }
    tf.dispose([value, x, ...Object.values(grads)]);
    model.dispose();
  });

  it('rejects per-stage lists of different lengths', () => {
    expect(() => buildLeViT({ ...tiny, numHeads: [2], inputShape: [64, 64, 3], numClasses: 6 })).toThrow(
      'Error in buildLeViT: numHeads must be an array with one entry per stage (2), got [2].',
    );
  });

  it('LeViT-128 at 224x224, 1000 classes, no distillation head: 8,876,008 parameters, 8,828,168 trainable (published with the distillation head: 9.2 M)', () => {
    const model = buildLeViT128({ inputShape: [224, 224, 3], numClasses: 1000 });
    expect(model.name).toBe('levit128');
    expect(model.countParams()).toBe(8_876_008);
    expect(trainable(model)).toBe(8_828_168);
    const weights = Object.fromEntries(model.weights.map((w) => [w.originalName, w.shape]));
    // 14×14 tokens in stage 1, 7×7 in stage 2 (its downsampling: 4×4 queries over 49 keys).
    expect(weights['stack1_block1_attn_pos/positional_embedding']).toEqual([196, 4]);
    expect(weights['stack2_downsample_attn_pos/positional_embedding']).toEqual([49, 16]);
    expect(weights['stack3_block4_attn_pos/positional_embedding']).toEqual([16, 12]);
    model.dispose();
  });
});

import { describe, expect, it, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@harmonization/test-support';
import { buildViT, buildViTB16 } from './vit';

const tiny = { patchSize: 8, hiddenSize: 32, depth: 2, numHeads: 4, mlpDim: 64, dropout: 0 };

describe('buildViT', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('builds a tiny ViT with vit_keras layer and weight names and runs forward', () => {
    const model = buildViT({ ...tiny, inputShape: [32, 32, 3], numClasses: 5 });
    const names = model.layers.map((l) => l.name);
    expect(names).toEqual([
      'input_1', 'embedding', 'reshape', 'class_token', 'Transformer/posembed_input',
      'Transformer/encoderblock_0', 'Transformer/encoderblock_1', 'Transformer/encoder_norm', 'ExtractToken', 'head',
    ]);
    const weights = Object.fromEntries(model.weights.map((w) => [w.originalName, w.shape]));
    expect(weights['class_token/cls']).toEqual([1, 1, 32]);
    expect(weights['Transformer/posembed_input/pos_embedding']).toEqual([1, 17, 32]);
    expect(weights['Transformer/encoderblock_1/MultiHeadDotProductAttention_1/query/kernel']).toEqual([32, 32]);
    expect(weights['Transformer/encoderblock_1/MlpBlock_3/Dense_0/kernel']).toEqual([32, 64]);
    expect(weights['Transformer/encoderblock_1/LayerNorm_2/gamma']).toEqual([32]);
    expect(weights['head/kernel']).toEqual([32, 5]);
    const y = tf.tidy(() => model.predict(tf.randomNormal([2, 32, 32, 3])) as tf.Tensor);
    expect(y.shape).toEqual([2, 5]);
    expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
    y.dispose();
    model.dispose();
  });

  it('computes first-order weight gradients', () => {
    const model = buildViT({ ...tiny, inputShape: [16, 16, 3], numClasses: 3 });
    const x = tf.randomNormal([2, 16, 16, 3]);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
    expect(Object.keys(grads).length).toBe(model.trainableWeights.length);
    const norms = Object.values(grads).map((g) => tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0] as number));
    expect(norms.every(Number.isFinite)).toBe(true);
    // The blocks' weights receive gradient (the block layer exposes all of them).
    expect(norms.filter((n) => n > 0).length).toBeGreaterThan(norms.length / 2);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });

  it('rejects an input size that is not a multiple of the patch size', () => {
    expect(() => buildViT({ ...tiny, inputShape: [30, 32, 3], numClasses: 5 })).toThrow(
      'Error in buildViT: inputShape height and width must be multiples of patchSize 8, got [30,32,3].',
    );
  });

  it('ViT-B/16 at 224x224 with 1000 classes has 86,567,656 parameters (published: 86.6 M)', () => {
    const model = buildViTB16({ inputShape: [224, 224, 3], numClasses: 1000 });
    expect(model.name).toBe('vit-b16');
    expect(model.countParams()).toBe(86_567_656);
    expect(model.outputs[0]?.shape).toEqual([null, 1000]);
    model.dispose();
  });
});

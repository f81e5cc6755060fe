import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@harmonization/test-support';
import { buildConvNeXt, buildConvNeXtTiny } from './convnext';

const tiny = { depths: [1, 2], widths: [8, 16] };
const trainable = (m: { trainableWeights: { shape: Array<number | null> }[] }) =>
  m.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 0), 1), 0);

describe('buildConvNeXt', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('builds a tiny ConvNeXt with kecam names and runs forward', () => {
    const model = buildConvNeXt({ ...tiny, inputShape: [32, 32, 3], numClasses: 4 });
    const weights = Object.fromEntries(model.weights.map((w) => [w.originalName, w.shape]));
    expect(weights['stem_conv/kernel']).toEqual([4, 4, 3, 8]);
    expect(weights['stem_ln/gamma']).toEqual([8]);
    expect(weights['stack2_downsample_ln/beta']).toEqual([8]);
    expect(weights['stack2_downsample_conv/kernel']).toEqual([2, 2, 8, 16]);
    expect(weights['stack2_block2_dw_conv/depthwise_kernel']).toEqual([7, 7, 16, 1]);
    expect(weights['stack2_block2_dw_conv/bias']).toEqual([16]);
    expect(weights['stack2_block2_up_dense/kernel']).toEqual([16, 64]);
    expect(weights['stack2_block2_down_dense/kernel']).toEqual([64, 16]);
    expect(weights['stack2_block2_gamma/weight']).toEqual([16]);
    expect(weights['stack2_block2_gamma/bias']).toBeUndefined();
    expect(weights['head_ln/gamma']).toEqual([16]);
    expect(weights['predictions/kernel']).toEqual([16, 4]);
    // Layer scale starts at kecam's 1e-6.
    expect(model.getLayer('stack1_block1_gamma').getWeights()[0]?.dataSync()[0]).toBeCloseTo(1e-6, 12);
    const y = tf.tidy(() => model.predict(tf.randomNormal([2, 32, 32, 3])) as tf.Tensor);
    expect(y.shape).toEqual([2, 4]);
    expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
    y.dispose();
    model.dispose();
  });

  it('computes first-order gradients for every weight', () => {
    const model = buildConvNeXt({ ...tiny, layerScaleInit: 0.5, inputShape: [32, 32, 3], numClasses: 3 });
    const x = tf.randomNormal([2, 32, 32, 3]);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar);
    const names = Object.keys(grads);
    expect(names.length).toBe(model.trainableWeights.length);
    for (const name of names) {
      const norm = tf.tidy(() => tf.sum(tf.abs(grads[name] as tf.Tensor)).dataSync()[0] as number);
      expect(Number.isFinite(norm), name).toBe(true);
      expect(norm, name).toBeGreaterThan(0);
    }
    tf.dispose([value, x, ...Object.values(grads)]);
    model.dispose();
  });

  it('rejects inputs smaller than its total downsampling', () => {
    expect(() => buildConvNeXt({ ...tiny, inputShape: [4, 8, 3], numClasses: 4 })).toThrow(
      'Error in buildConvNeXt: inputShape height and width must be at least 8, got [4,8,3].',
    );
  });

  it('ConvNeXt-Tiny has 28,589,128 parameters at 224x224 with 1000 classes (published: 28.6 M)', () => {
    const model = buildConvNeXtTiny({ inputShape: [224, 224, 3], numClasses: 1000 });
    expect(model.name).toBe('convnext_tiny');
    expect(model.countParams()).toBe(28_589_128);
    expect(trainable(model)).toBe(28_589_128); // no BatchNorm: every parameter trains
    model.dispose();
  });
});

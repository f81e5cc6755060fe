// The zoo's BatchNormalization must be tfjs-layers' own in everything a user sees — outputs in
// training and inference, moving statistics, gradients (also the double-backprop harmonized
// ones), weights, saved config — while its training path runs through core-loss's
// batchNormTraining.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { harmonizedGradients } from '@harmonization/core-loss';
import { TEST_BACKENDS, useBackend } from '@harmonization/test-support';
import { BatchNormalization, batchNormalization, withZooBatchNormalization } from './batch-normalization';

function expectClose(a: tf.Tensor, b: tf.Tensor, tol = 1e-5): void {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [a.dataSync(), b.dataSync()];
  const scale = Math.max(1e-6, ...Array.from(y, Math.abs));
  let worst = 0;
  for (let i = 0; i < y.length; i++) worst = Math.max(worst, Math.abs((x[i] as number) - (y[i] as number)));
  expect(worst).toBeLessThanOrEqual(tol * scale);
}

/** A conv → BN → relu → conv → BN → dense model, with either BatchNormalization. */
function model(bn: (args: object) => tfl.layers.Layer, seed: number): tfl.LayersModel {
  const input = tfl.input({ shape: [8, 8, 3] });
  const init = (s: number) => tfl.initializers.glorotNormal({ seed: seed + s });
  let x = tfl.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', kernelInitializer: init(1), name: 'c1' }).apply(input) as tfl.SymbolicTensor;
  x = bn({ name: 'bn1', gammaInitializer: tfl.initializers.randomUniform({ minval: 0.5, maxval: 1.5, seed: seed + 2 }) }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.reLU().apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: init(3), name: 'c2' }).apply(x) as tfl.SymbolicTensor;
  x = bn({ name: 'bn2', momentum: 0.5 }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.flatten().apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.dense({ units: 5, kernelInitializer: init(4), name: 'd' }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: x });
}

describe.each(TEST_BACKENDS)('%s: zoo BatchNormalization = tfjs-layers BatchNormalization', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it('training and inference outputs, and the moving statistics, equal the stock layer', () => {
    for (const shape of [[3, 5, 5, 4], [6, 7, 4]]) {
      const x = tf.randomNormal(shape, 1.5, 2, 'float32', 7);
      const ours = batchNormalization({ momentum: 0.9, gammaInitializer: 'randomNormal', betaInitializer: 'randomNormal' });
      const stock = tfl.layers.batchNormalization({ momentum: 0.9 });
      ours.apply(x); // builds the weights
      stock.apply(x);
      stock.setWeights(ours.getWeights());
      for (let step = 0; step < 2; step++) {
        const [a, b] = [ours.apply(x, { training: true }) as tf.Tensor, stock.apply(x, { training: true }) as tf.Tensor];
        expectClose(a, b);
        tf.dispose([a, b]);
      }
      ours.getWeights().forEach((w, i) => expectClose(w, stock.getWeights()[i]!));
      const [a, b] = [ours.apply(x) as tf.Tensor, stock.apply(x) as tf.Tensor];
      expectClose(a, b);
      tf.dispose([a, b, x]);
    }
  });

  it('without offset (center: false), where the stock layer fails in training, it equals a zero offset', () => {
    const x = tf.randomNormal([4, 3, 3, 5], 0, 1, 'float32', 3);
    const ours = batchNormalization({ center: false });
    const stock = tfl.layers.batchNormalization({ betaInitializer: 'zeros' });
    const [a, b] = [ours.apply(x, { training: true }) as tf.Tensor, stock.apply(x, { training: true }) as tf.Tensor];
    expectClose(a, b);
    expect(ours.getWeights()).toHaveLength(3); // gamma, moving mean, moving variance
    tf.dispose([a, b, x]);
  });

  it('harmonized (double-backprop) gradients equal those of the stock layer', () => {
    const [ours, stock] = [model(batchNormalization, 11), model((a) => tfl.layers.batchNormalization(a), 11)];
    stock.setWeights(ours.getWeights());
    const batch = {
      images: tf.randomNormal([3, 8, 8, 3], 0, 1, 'float32', 1) as tf.Tensor4D,
      labels: tf.cast(tf.oneHot(tf.tensor1d([0, 3, 4], 'int32'), 5), 'float32') as tf.Tensor2D,
      heatmaps: tf.randomUniform([3, 8, 8], 0, 1, 'float32', 2),
    };
    const a = harmonizedGradients(ours, batch);
    const b = harmonizedGradients(stock, batch);
    expect(a.loss.total).toBeCloseTo(b.loss.total, 4);
    a.grads.forEach((g, i) => expectClose(g, b.grads[i]!, 1e-3));
    tf.dispose([...a.grads, ...b.grads, ...Object.values(batch)]);
    const one = { images: tf.ones([1, 8, 8, 3]) as tf.Tensor4D, labels: tf.cast(tf.oneHot([1], 5), 'float32') as tf.Tensor2D, heatmaps: tf.ones([1, 8, 8]) };
    tf.dispose(harmonizedGradients(ours, one).grads);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) tf.dispose(harmonizedGradients(ours, one).grads);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(Object.values(one));
  });

  it('saves as a plain BatchNormalization and loads back with its weights', () => {
    const m = model(batchNormalization, 5);
    const layer = m.getLayer('bn1');
    expect(layer).toBeInstanceOf(BatchNormalization);
    expect(layer.getClassName()).toBe('BatchNormalization');
    const json = m.toJSON(null, false) as unknown as { config: { layers: { class_name: string }[] } };
    expect(json.config.layers.filter((l) => l.class_name === 'BatchNormalization')).toHaveLength(2);
    expect(layer.getConfig()).toEqual(tfl.layers.batchNormalization(layer.getConfig()).getConfig());
  });

  it('withZooBatchNormalization registers the zoo class while it builds, and puts the stock one back', async () => {
    const registered = () => tf.serialization.SerializationMap.getMap().classNameMap.BatchNormalization?.[0];
    const stock = registered();
    expect(stock).not.toBe(BatchNormalization);
    expect(await withZooBatchNormalization(async () => registered())).toBe(BatchNormalization);
    expect(registered()).toBe(stock);
    await expect(withZooBatchNormalization(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(registered()).toBe(stock);
  });
});

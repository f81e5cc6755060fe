// End to end: a zoo ResNet (whose BatchNormalization trains through core-loss's
// batchNormTraining) takes a harmonized step on the native batch-norm kernels, with the same loss
// and gradients as tfjs-layers' own BatchNormalization on the stock cpu kernels.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { harmonizedGradients, registerHarmonizationGradients } from '@harmonization/core-loss';
import { buildTinyResNet } from '@harmonization/zoo';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { acceleratorStatus, disableCpuAccelerator, enableCpuAccelerator } from './accelerator';
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD, BATCH_NORM_TRAINING_GRAD_GRAD } from './kernels/batch-norm-training';
import { describeNative, useCpu } from './test-utils/native-suite';

/** The same architecture with tfjs-layers' BatchNormalization (the saved config names the stock class). */
function withStockBatchNorm(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  return tfl.models.modelFromJSON({ modelTopology: model.toJSON(null, false) } as never);
}

describeNative('zoo BatchNormalization on the native batch-norm kernels', () => {
  beforeAll(async () => {
    await useCpu();
    registerHarmonizationGradients();
  });
  afterAll(() => enableCpuAccelerator());

  it('a tiny zoo ResNet harmonized step equals the stock-layer, stock-kernel step', async () => {
    const ours = buildTinyResNet({ inputShape: [16, 16, 3], numClasses: 6 });
    const stock = await withStockBatchNorm(ours);
    const stockBatchNorms = stock.layers.filter((l) => l.getClassName() === 'BatchNormalization');
    expect(stockBatchNorms.length).toBeGreaterThan(5);
    expect(stockBatchNorms.every((l) => l.constructor !== ours.getLayer('conv1_bn').constructor)).toBe(true);
    stock.setWeights(ours.getWeights());
    const batch = {
      images: tf.randomNormal([3, 16, 16, 3], 0, 1, 'float32', 4) as tf.Tensor4D,
      labels: tf.cast(tf.oneHot(tf.tensor1d([0, 2, 5], 'int32'), 6), 'float32') as tf.Tensor2D,
      heatmaps: tf.randomUniform([3, 16, 16], 0, 1, 'float32', 5),
    };
    disableCpuAccelerator();
    const reference = harmonizedGradients(stock, batch);
    enableCpuAccelerator();
    const calls = () => acceleratorStatus().calls.native;
    const before = { ...calls() };
    const accelerated = harmonizedGradients(ours, batch);
    const ran = (k: string) => (calls()[k] ?? 0) - (before[k] ?? 0);
    // Each batch norm: forward once, first derivative twice (saliency, then loss), the saliency's
    // differentiated once more.
    const n = ours.layers.filter((l) => l.getClassName() === 'BatchNormalization').length;
    expect(n).toBeGreaterThan(5);
    expect([ran(BATCH_NORM_TRAINING), ran(BATCH_NORM_TRAINING_GRAD), ran(BATCH_NORM_TRAINING_GRAD_GRAD)]).toEqual([n, 2 * n, n]);
    expect(accelerated.loss.total).toBeCloseTo(reference.loss.total, 4);
    accelerated.grads.forEach((g, i) => {
      const [a, b] = [g.dataSync(), reference.grads[i]!.dataSync()];
      // Floor at 1e-3 of the model's largest gradient: a weight feeding a batch norm has a true
      // gradient of zero (rounding noise on either side).
      const scale = Math.max(...reference.grads.map((r) => tf.max(tf.abs(r)).dataSync()[0]!));
      b.forEach((v, j) => expect(Math.abs(a[j]! - v)).toBeLessThanOrEqual(1e-4 * Math.max(Math.abs(v), 10 * scale)));
    });
    tf.dispose([...accelerated.grads, ...reference.grads, ...Object.values(batch)]);
  });
});

// loadKerasH5Weights: real weights-only files loaded into architectures built here, files written by
// saveKerasH5Weights in the test, and the error that lists missing / unexpected / mis-shaped weights.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { realFixture, skipWithoutRealFixtures } from '@harmonization/test-support';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTinyResNet } from '../models/resnet';
import { buildTinyVGG } from '../models/vgg';
import { convertKerasModelConfig } from './convert-keras-config';
import { maxAbsDiff, readReference, referenceInput } from './fixture-reference';
import { loadKerasH5Weights } from './load-keras-h5-weights';
import { readKerasH5 } from './read-keras-h5';
import { saveKerasH5Weights } from './save-keras-h5-weights';

const skip = skipWithoutRealFixtures();
const dir = realFixture('keras-h5') ?? '';
const h5 = (name: string) => `${dir}/${name}`;
const work = mkdtempSync(join(tmpdir(), 'zoo-weights-test-'));

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(skip)('real weights-only files', () => {
  it('reads fixed-length weight_names and Float64Array(0) for weightless layers', async () => {
    const c = await readKerasH5(h5('hls4ml_jetTagger_Conv2D_Small_weights.h5'));
    expect(c.kind).toBe('weights');
    expect(c.kerasVersion).toBe('2.0.6');
    expect(c.layers.map((l) => l.name)).toEqual([
      'input_1', 'batch_normalization_1', 'cnn2D_1_relu', 'dropout_1', 'batch_normalization_2', 'cnn2D_2_relu',
      'dropout_2', 'flatten_1', 'dense_1_relu', 'dropout_3', 'output_softmax',
    ]);
    expect(c.layers[0]!.weights).toEqual([]);
    expect(c.layers[1]!.weights.map((w) => w.name)).toEqual([
      'batch_normalization_1/gamma:0', 'batch_normalization_1/beta:0',
      'batch_normalization_1/moving_mean:0', 'batch_normalization_1/moving_variance:0',
    ]);
    expect(c.layers.reduce((n, l) => n + l.weights.reduce((m, w) => m + w.values.length, 0), 0)).toBe(891);
  });

  it('hls4ml jet tagger: architecture from its .json + weights file = numpy reference', async () => {
    const json = JSON.parse(readFileSync(h5('hls4ml_jetTagger_Conv2D_Small.json'), 'utf8')) as Record<string, unknown>;
    const model = await tfl.models.modelFromJSON({ modelTopology: convertKerasModelConfig(json) } as never);
    const report = await loadKerasH5Weights(model, h5('hls4ml_jetTagger_Conv2D_Small_weights.h5'));
    expect(report.params).toBe(891);
    const ref = readReference(h5('hls4ml_jetTagger_Conv2D_Small_weights.numpy-reference.json'));
    const x = referenceInput(ref);
    const y = model.predict(x) as tf.Tensor;
    expect(maxAbsDiff(y, ref.output.data)).toBeLessThan(1e-4);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('Keras 1 weights (`_W:0`, `_b:0`) load by order into a Keras 2 twin = numpy reference', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [8, 8, 3], filters: 2, kernelSize: [3, 2], activation: 'sigmoid', name: 'convolution2d_1' }),
        tfl.layers.conv2d({ filters: 1, kernelSize: [2, 3], name: 'convolution2d_2' }),
        tfl.layers.activation({ activation: 'relu', name: 'activation_1' }),
        tfl.layers.maxPooling2d({ poolSize: 5, strides: 5, name: 'maxpooling2d_1' }),
        tfl.layers.dropout({ rate: 0.25, name: 'dropout_1' }),
        tfl.layers.flatten({ name: 'flatten_1' }),
        tfl.layers.dense({ units: 2, name: 'dense_1' }),
        tfl.layers.activation({ activation: 'relu', name: 'activation_2' }),
        tfl.layers.dropout({ rate: 0.5, name: 'dropout_2' }),
        tfl.layers.dense({ units: 3, activation: 'softmax', name: 'dense_2' }),
      ],
    });
    const report = await loadKerasH5Weights(model, h5('dl4j_keras1_cnn_tf_weights.h5'));
    expect(report).toMatchObject({ layers: 4, params: 64 });
    const ref = readReference(h5('dl4j_keras1_cnn_tf_model.numpy-reference.json'));
    const x = referenceInput(ref);
    const y = model.predict(x) as tf.Tensor;
    expect(maxAbsDiff(y, ref.output.data)).toBeLessThan(1e-4);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('refuses a weights file of another architecture, naming both sides', async () => {
    const model = buildTinyVGG({ inputShape: [32, 32, 3], numClasses: 6 });
    await expect(loadKerasH5Weights(model, h5('tinymaix_mnist_valid.h5'))).rejects.toThrow(
      "tinymaix_mnist_valid.h5 does not fit model 'tiny_vgg': none of the model's 4 weight-holding layers (block1_conv1, block2_conv1, block3_conv1, predictions) matches the file's 7 (ftr0, bn0, ftr1, bn1, ftr2, batch_normalization, fc1); wrong architecture for this weights file?",
    );
    model.dispose();
  });
});

describe('files written by saveKerasH5Weights', () => {
  it('round-trip: same predictions, Keras layout', async () => {
    const a = buildTinyResNet({ inputShape: [16, 16, 3], numClasses: 4 });
    const path = join(work, 'tiny_resnet.h5');
    await saveKerasH5Weights(a, path);
    const c = await readKerasH5(path);
    expect(c.kind).toBe('weights');
    expect(c.layers.find((l) => l.name === 'conv1_bn')!.weights.map((w) => w.name)).toEqual([
      'conv1_bn/gamma:0', 'conv1_bn/beta:0', 'conv1_bn/moving_mean:0', 'conv1_bn/moving_variance:0',
    ]);
    const b = buildTinyResNet({ inputShape: [16, 16, 3], numClasses: 4 });
    const report = await loadKerasH5Weights(b, path);
    expect(report.params).toBe(a.countParams());
    const x = tf.randomNormal([2, 16, 16, 3], 0, 1, 'float32', 1);
    const ya = a.predict(x) as tf.Tensor;
    const yb = b.predict(x) as tf.Tensor;
    expect(maxAbsDiff(ya, Array.from(yb.dataSync()))).toBe(0);
    tf.dispose([x, ya, yb]);
    a.dispose();
    b.dispose();
  });

  it('lists mis-shaped weights and changes nothing', async () => {
    const six = buildTinyVGG({ inputShape: [32, 32, 3], numClasses: 6 });
    const path = join(work, 'tiny_vgg6.h5');
    await saveKerasH5Weights(six, path);
    const ten = buildTinyVGG({ inputShape: [32, 32, 3], numClasses: 10 });
    const before = ten.getWeights().map((w) => Array.from(w.dataSync()));
    await expect(loadKerasH5Weights(ten, path)).rejects.toThrow(
      `Error in loadKerasH5Weights: ${path} does not fit model 'tiny_vgg': 2 mis-shaped weight(s): predictions/kernel (file [1024, 6], model [1024, 10]), predictions/bias (file [6], model [10]).`,
    );
    const after = ten.getWeights().map((w) => Array.from(w.dataSync()));
    expect(after).toEqual(before);
    // skip leaves the classifier as initialised and loads the rest.
    const report = await loadKerasH5Weights(ten, path, { skip: ['predictions'] });
    expect(report).toMatchObject({ layers: 3, skipped: ['predictions'] });
    six.dispose();
    ten.dispose();
  });

  it('lists missing and unexpected layers', async () => {
    const vgg = buildTinyVGG({ inputShape: [32, 32, 3], numClasses: 6 });
    const path = join(work, 'tiny_vgg.h5');
    await saveKerasH5Weights(vgg, path);
    // Shares block1_conv1 with tiny_vgg, lacks its other layers, adds one of its own.
    const input = tfl.input({ shape: [32, 32, 3] });
    let y = tfl.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', name: 'block1_conv1' }).apply(input) as tfl.SymbolicTensor;
    y = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(y) as tfl.SymbolicTensor;
    y = tfl.layers.dense({ units: 6, name: 'my_head' }).apply(y) as tfl.SymbolicTensor;
    const other = tfl.model({ inputs: input, outputs: y, name: 'other' });
    await expect(loadKerasH5Weights(other, path)).rejects.toThrow(
      `Error in loadKerasH5Weights: ${path} does not fit model 'other': 1 model layer(s) missing from the file: my_head; 3 unexpected file layer(s) not in the model: block2_conv1, block3_conv1, predictions.`,
    );
    // allowUnexpected + skip load what matches.
    const report = await loadKerasH5Weights(other, path, { allowUnexpected: true, skip: ['my_head'] });
    expect(report).toEqual({ layers: 1, params: 448, skipped: ['my_head'], ignored: ['block2_conv1', 'block3_conv1', 'predictions'] });
    vgg.dispose();
    other.dispose();
  });

  it('calls a file sharing no layer with the model the wrong architecture', async () => {
    const vgg = buildTinyVGG({ inputShape: [32, 32, 3], numClasses: 6 });
    const path = join(work, 'tiny_vgg_b.h5');
    await saveKerasH5Weights(vgg, path);
    const resnet = buildTinyResNet({ inputShape: [32, 32, 3], numClasses: 6 });
    await expect(loadKerasH5Weights(resnet, path)).rejects.toThrow(
      `Error in loadKerasH5Weights: ${path} does not fit model 'tiny_resnet': none of the model's 19 weight-holding layers (conv1_conv, conv1_bn, conv2_block1_1_conv, conv2_block1_1_bn, conv2_block1_2_conv, conv2_block1_2_bn, conv3_block1_1_conv, conv3_block1_1_bn, … (11 more)) matches the file's 4 (block1_conv1, block2_conv1, block3_conv1, predictions); wrong architecture for this weights file?`,
    );
    vgg.dispose();
    resnet.dispose();
  });

  it('splits a nested model layer into the inner layers it holds', async () => {
    const inner = buildTinyVGG({ inputShape: [32, 32, 3], numClasses: 6 });
    const input = tfl.input({ shape: [32, 32, 3] });
    const y = tfl.layers.dense({ units: 2, name: 'extra' }).apply(inner.apply(input) as tfl.SymbolicTensor) as tfl.SymbolicTensor;
    const outer = tfl.model({ inputs: input, outputs: y, name: 'outer' });
    const path = join(work, 'nested.h5');
    await saveKerasH5Weights(outer, path);
    const c = await readKerasH5(path);
    expect(c.layers.find((l) => l.name === 'tiny_vgg')!.weights.map((w) => w.name)).toEqual([
      'block1_conv1/kernel:0', 'block1_conv1/bias:0', 'block2_conv1/kernel:0', 'block2_conv1/bias:0',
      'block3_conv1/kernel:0', 'block3_conv1/bias:0', 'predictions/kernel:0', 'predictions/bias:0',
    ]);
    const flat = buildTinyVGG({ inputShape: [32, 32, 3], numClasses: 6 });
    const report = await loadKerasH5Weights(flat, path, { allowUnexpected: true });
    expect(report).toMatchObject({ layers: 4, params: 29_734, ignored: ['extra'] });
    const x = tf.randomNormal([1, 32, 32, 3], 0, 1, 'float32', 2);
    const a = inner.predict(x) as tf.Tensor;
    const b = flat.predict(x) as tf.Tensor;
    expect(maxAbsDiff(a, Array.from(b.dataSync()))).toBe(0);
    tf.dispose([x, a, b]);
    outer.dispose();
    flat.dispose();
  });

  it('loads a model that keeps a BatchNorm network nested, matching full weight names', async () => {
    const make = () => {
      const inner = buildTinyResNet({ inputShape: [16, 16, 3], numClasses: 4 });
      const input = tfl.input({ shape: [16, 16, 3] });
      const y = tfl.layers.dense({ units: 2, name: 'extra' }).apply(inner.apply(input) as tfl.SymbolicTensor) as tfl.SymbolicTensor;
      return tfl.model({ inputs: input, outputs: y, name: 'outer' });
    };
    const a = make();
    const path = join(work, 'nested-bn.h5');
    await saveKerasH5Weights(a, path);
    const b = make();
    const report = await loadKerasH5Weights(b, path);
    expect(report.params).toBe(a.countParams());
    const x = tf.randomNormal([2, 16, 16, 3], 0, 1, 'float32', 4);
    const ya = a.predict(x) as tf.Tensor;
    const yb = b.predict(x) as tf.Tensor;
    expect(maxAbsDiff(ya, Array.from(yb.dataSync()))).toBe(0);
    tf.dispose([x, ya, yb]);
    a.dispose();
    b.dispose();
  });

  it('says a text file is not an HDF5 file', async () => {
    const model = buildTinyVGG({ inputShape: [32, 32, 3], numClasses: 6 });
    await expect(loadKerasH5Weights(model, new TextEncoder().encode('hello'))).rejects.toThrow(
      'Error in loadKerasH5Weights: the given bytes is not an HDF5 file (no HDF5 signature in its 5 bytes); expected a Keras .h5 file.',
    );
    model.dispose();
  });
});

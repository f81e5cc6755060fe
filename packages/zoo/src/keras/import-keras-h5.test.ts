// importKerasH5 on real Keras-written files: outputs against the independent numpy forward passes
// (and, for the DL4J pair, against outputs Keras itself computed), plus the clean rejections.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { realFixture, skipWithoutRealFixtures, TEST_BACKENDS, useBackend } from '@harmonization/test-support';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff, readReference, referenceInput } from './fixture-reference';
import { importKerasH5 } from './import-keras-h5';
import { loadH5 } from './h5-file';
import { loadKerasH5Weights } from './load-keras-h5-weights';
import { saveKerasH5Weights } from './save-keras-h5-weights';
import { BatchNormalization } from '../layers/batch-normalization';

const skip = skipWithoutRealFixtures();
const dir = realFixture('keras-h5') ?? '';
const h5 = (name: string) => `${dir}/${name}`;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.skipIf(skip).each(TEST_BACKENDS)('importKerasH5 on real Keras files (%s backend)', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });
  afterAll(async () => {
    await useBackend('cpu');
  });

  const cases: Array<[string, string, string]> = [
    ['tinymaix_mnist_valid.h5', 'Keras 2.8 Sequential, BN, odd weight_names', 'tinymaix_mnist_valid'],
    ['tinymaix_mnist_dw.h5', 'DepthwiseConv2D, depth_multiplier 2', 'tinymaix_mnist_dw'],
    ['tinymaix_mnist_resnet_tfoplambda.h5', 'TFOpLambda add rewritten to Add', 'tinymaix_mnist_resnet_tfoplambda'],
    ['tinymaix_mbnet128_0.25.h5', 'MobileNet, ReLU6, ZeroPadding, GAP keepdims', 'tinymaix_mbnet128_0.25'],
    ['mlperftiny_resnet8_cifar10.h5', 'Keras 2.4 functional, Add, L2 regularizers', 'mlperftiny_resnet8_cifar10'],
    ['faceclass_tiny_XCEPTION_KDEF.hdf5', 'Keras 2.0.5, SeparableConv2D, MaxPooling same', 'faceclass_tiny_XCEPTION_KDEF'],
  ];
  it.each(cases)('%s (%s) matches the numpy reference to 1e-4', async (file, _what, ref) => {
    const tensorsBefore = tf.memory().numTensors;
    const model = await importKerasH5(h5(file));
    const reference = readReference(h5(`${ref}.numpy-reference.json`));
    const x = referenceInput(reference);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual(reference.output.shape);
    expect(maxAbsDiff(y, reference.output.data)).toBeLessThan(1e-4);
    const top = reference.top5[0];
    const top1 = Array.isArray(top) ? top[0] : top;
    expect(tf.tidy(() => tf.argMax(y, -1).dataSync()[0])).toBe(top1);
    tf.dispose([x, y]);
    model.dispose();
    // Import (reading, building, setting weights) leaves nothing behind once the model is disposed.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('MobileNet classifies the tiger picture as ImageNet 292 "tiger"', async () => {
    const model = await importKerasH5(h5('tinymaix_mbnet128_0.25.h5'));
    // Its batch norms are the zoo's (the fused training path), saved under Keras' class name.
    const batchNorms = model.layers.filter((l) => l.getClassName() === 'BatchNormalization');
    expect(batchNorms.length).toBeGreaterThan(0);
    expect(batchNorms.every((l) => l instanceof BatchNormalization)).toBe(true);
    const reference = readReference(h5('tinymaix_mbnet128_0.25.numpy-reference.json'));
    const x = referenceInput(reference);
    const y = model.predict(x) as tf.Tensor;
    expect(tf.argMax(y, -1).dataSync()[0]).toBe(292);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('reproduces outputs Keras computed (DL4J test vectors: Conv1D sigmoid, Dense softmax)', async () => {
    for (const stem of ['dl4j_conv1d_k2_s1_d1_cl_same', 'dl4j_simple_sparse_xent_mlp_keras_2']) {
      const model = await importKerasH5(h5(`${stem}_model.h5`));
      const io = JSON.parse(readFileSync(h5(`${stem}_io.json`), 'utf8')) as {
        inputs: Record<string, { shape: number[]; data: number[] }>;
        outputs: Record<string, { shape: number[]; data: number[] }>;
      };
      const input = Object.values(io.inputs)[0]!;
      const output = Object.values(io.outputs)[0]!;
      const x = tf.tensor(input.data, input.shape);
      const y = model.predict(x) as tf.Tensor;
      expect(y.shape).toEqual(output.shape);
      expect(maxAbsDiff(y, output.data)).toBeLessThan(1e-5);
      // The weights-only twin written by save_weights loads into the same architecture.
      const report = await loadKerasH5Weights(model, h5(`${stem}_weights.h5`));
      expect(report.params).toBe(model.countParams());
      const y2 = model.predict(x) as tf.Tensor;
      expect(maxAbsDiff(y2, output.data)).toBeLessThan(1e-5);
      tf.dispose([x, y, y2]);
      model.dispose();
    }
  });

  it('accepts bytes as well as a path', async () => {
    const model = await importKerasH5(new Uint8Array(readFileSync(h5('tinymaix_mnist_valid.h5'))));
    expect(model.countParams()).toBe(1786);
    model.dispose();
  });

  it('converts a Keras 1.1.2 Sequential model (Convolution2D, nb_filter, border_mode, p) = numpy reference', async () => {
    const model = await importKerasH5(h5('dl4j_keras1_cnn_tf_model.h5'));
    expect(model.layers.map((l) => l.getClassName())).toEqual([
      'Conv2D', 'Conv2D', 'Activation', 'MaxPooling2D', 'Dropout', 'Flatten', 'Dense', 'Activation', 'Dropout', 'Dense',
    ]);
    const reference = readReference(h5('dl4j_keras1_cnn_tf_model.numpy-reference.json'));
    const x = referenceInput(reference);
    const y = model.predict(x) as tf.Tensor;
    expect(maxAbsDiff(y, reference.output.data)).toBeLessThan(1e-4);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('points weights-only files to loadKerasH5Weights', async () => {
    await expect(importKerasH5(h5('hls4ml_jetTagger_Conv2D_Small_weights.h5'))).rejects.toThrow(
      'holds weights only (no model_config); build the architecture (createModel or a builder) and call loadKerasH5Weights(model, file).',
    );
  });

  it('says a truncated file is corrupt or truncated, in one sentence', async () => {
    const bytes = readFileSync(h5('tinymaix_mnist_valid.h5'));
    await expect(importKerasH5(new Uint8Array(bytes.subarray(0, 40000)))).rejects.toThrow(
      /^Error in importKerasH5: the given bytes is a corrupt or truncated HDF5 file \([^\n]*\)\.$/,
    );
  });
});

/** A layer class that is NOT registered with tf.serialization: only customObjects can rebuild it. */
class TestScale extends tfl.layers.Layer {
  static className = 'TestScale';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.mul(Array.isArray(inputs) ? inputs[0]! : inputs, 3));
  }
}

describe('importKerasH5 on a full-model file written here', () => {
  it('needs customObjects for custom layers, and rebuilds with them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zoo-import-test-'));
    const input = tfl.input({ shape: [4] });
    const dense = tfl.layers.dense({ units: 3, name: 'dense' }).apply(input) as tfl.SymbolicTensor;
    const out = new TestScale({ name: 'scale' }).apply(dense) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: out, name: 'custom' });
    const path = join(dir, 'custom.h5');
    await saveKerasH5Weights(model, path);
    // Turn the weights file into a full-model file: tfjs writes Keras-style model JSON.
    const h5 = await loadH5();
    const file = new h5.File(path, 'a');
    file.create_attribute('model_config', JSON.stringify(model.toJSON(null, false)));
    file.close();

    await expect(importKerasH5(path)).rejects.toThrow(`Error in importKerasH5: tfjs-layers cannot rebuild the model_config of ${path}: Unknown layer: TestScale.`);
    const rebuilt = await importKerasH5(path, { customObjects: { TestScale } });
    const x = tf.tensor2d([[1, 2, 3, 4]]);
    const a = model.predict(x) as tf.Tensor;
    const b = rebuilt.predict(x) as tf.Tensor;
    expect(maxAbsDiff(b, Array.from(a.dataSync()))).toBe(0);
    tf.dispose([x, a, b]);
    model.dispose();
    rebuilt.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('importKerasH5 bad input', () => {
  it('says a non-HDF5 file is not an HDF5 file', async () => {
    const junk = new TextEncoder().encode('{"not": "an hdf5 file"}');
    await expect(importKerasH5(junk)).rejects.toThrow(
      'Error in importKerasH5: the given bytes is not an HDF5 file (no HDF5 signature in its 23 bytes); expected a Keras .h5 file.',
    );
  });
  it('says a missing path cannot be read', async () => {
    await expect(importKerasH5('/nonexistent/model.h5')).rejects.toThrow("Error in importKerasH5: cannot read '/nonexistent/model.h5' (ENOENT).");
  });
});

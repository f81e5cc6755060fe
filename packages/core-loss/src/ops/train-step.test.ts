import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it, beforeAll } from 'vitest';
import { TEST_BACKENDS, useBackend } from '@harmonization/test-support';
import { registerHarmonizationGradients } from '../register-gradients';
import type { HarmonizerBatch } from './harmonizer-loss';
import { trainStep } from './train-step';

const CLASSES = 4;

/** Every convolutional layer kind the zoo uses, in one functional model. Seeded initializers make
 *  the run the same every time (unseeded, a CI run once ended at 1.82 against a 1.76 bound). */
function buildConvKinds(): tfl.LayersModel {
  let seed = 0;
  const init = () => tfl.initializers.glorotUniform({ seed: ++seed });
  const input = tfl.input({ shape: [16, 16, 3] });
  const c1 = tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init() }).apply(input) as tfl.SymbolicTensor;
  const b1 = tfl.layers.batchNormalization({}).apply(c1) as tfl.SymbolicTensor;
  const p1 = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(b1) as tfl.SymbolicTensor;
  const d1 = tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', activation: 'relu6', depthwiseInitializer: init() }).apply(p1) as tfl.SymbolicTensor;
  const a1 = tfl.layers.add().apply([p1, d1]) as tfl.SymbolicTensor;
  const c2 = tfl.layers.conv2d({ filters: 6, kernelSize: 1, activation: 'elu', kernelInitializer: init() }).apply(a1) as tfl.SymbolicTensor;
  const c3 = tfl.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', kernelInitializer: init() }).apply(a1) as tfl.SymbolicTensor;
  const l3 = tfl.layers.leakyReLU({ alpha: 0.1 }).apply(c3) as tfl.SymbolicTensor;
  const cat = tfl.layers.concatenate().apply([c2, l3]) as tfl.SymbolicTensor;
  const ap = tfl.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }).apply(cat) as tfl.SymbolicTensor;
  const zp = tfl.layers.zeroPadding2d({ padding: 1 }).apply(ap) as tfl.SymbolicTensor;
  const sw = tfl.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'swish', kernelInitializer: init() }).apply(zp) as tfl.SymbolicTensor;
  const gmax = tfl.layers.globalMaxPooling2d({}).apply(sw) as tfl.SymbolicTensor;
  const gavg = tfl.layers.globalAveragePooling2d({}).apply(sw) as tfl.SymbolicTensor;
  const both = tfl.layers.concatenate().apply([gmax, gavg]) as tfl.SymbolicTensor;
  const h = tfl.layers.dense({ units: 12, activation: 'gelu', kernelInitializer: init() }).apply(both) as tfl.SymbolicTensor;
  const s = tfl.layers.dense({ units: 12, activation: 'sigmoid', kernelInitializer: init() }).apply(h) as tfl.SymbolicTensor;
  const t = tfl.layers.dense({ units: 12, activation: 'tanh', kernelInitializer: init() }).apply(s) as tfl.SymbolicTensor;
  const logits = tfl.layers.dense({ units: CLASSES, kernelInitializer: init() }).apply(t) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits });
}

/**
 * A one-block vision transformer from tfjs ops: patch embedding, layer norm, softmax attention
 * (batched matMuls), transpose, a tanh-GELU MLP, pad/slice — the attention models' pieces.
 */
function buildAttentionKinds(): { logits: (x: tf.Tensor4D) => tf.Tensor2D; variables: tf.Variable[] } {
  const d = 8;
  const v = (shape: number[], scale = 0.3) => tf.variable(tf.mul(tf.randomNormal(shape, 0, 1, 'float32', 7), scale));
  const w = {
    patch: v([4, 4, 3, d]), patchBias: v([d], 0),
    lnGamma: tf.variable(tf.ones([d])), lnBeta: v([d], 0),
    q: v([d, d]), k: v([d, d]), val: v([d, d]),
    mlp1: v([d, 2 * d]), mlp2: v([2 * d, d]),
    head: v([d, CLASSES]), headBias: v([CLASSES], 0),
  };
  const layerNorm = (x: tf.Tensor) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-6))), w.lnGamma), w.lnBeta);
  };
  const gelu = (x: tf.Tensor) =>
    tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))));
  const logits = (x: tf.Tensor4D) => {
    const n = x.shape[0];
    const patches = tf.add(tf.conv2d(x, w.patch as tf.Tensor4D, 4, 'valid'), w.patchBias);
    const tokens = tf.reshape(patches, [n, 16, d]);
    const ln = layerNorm(tokens);
    const flat = tf.reshape(ln, [n * 16, d]);
    const q = tf.reshape(tf.matMul(flat, w.q), [n, 16, d]);
    const k = tf.reshape(tf.matMul(flat, w.k), [n, 16, d]);
    const val = tf.reshape(tf.matMul(flat, w.val), [n, 16, d]);
    const attention = tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(d)));
    const mixed = tf.add(tokens, tf.transpose(tf.transpose(tf.matMul(attention, val), [0, 2, 1]), [0, 2, 1]));
    const mlp = tf.matMul(gelu(tf.matMul(tf.reshape(mixed, [n * 16, d]), w.mlp1)), w.mlp2);
    const out = tf.reshape(tf.add(tf.reshape(mixed, [n * 16, d]), mlp), [n, 16, d]);
    const padded = tf.slice(tf.pad(out, [[0, 0], [1, 1], [0, 0]]), [0, 1, 0], [n, 16, d]);
    return tf.add(tf.matMul(tf.mean(padded, 1), w.head), w.headBias) as tf.Tensor2D;
  };
  return { logits, variables: Object.values(w) };
}

function fixedBatch(n: number): HarmonizerBatch {
  return tf.tidy(() => {
    const classes = tf.tensor1d([0, 1, 2, 3, 0, 1].slice(0, n), 'int32');
    const ys = tf.tile(tf.reshape(tf.linspace(-1, 1, 16), [1, 16, 1]), [n, 1, 16]);
    // Human maps: a bright square whose position depends on the class.
    const heatmaps = tf.stack(Array.from({ length: n }, (_, i) => {
      const c = [0, 1, 2, 3, 0, 1][i]!;
      return tf.pad(tf.ones([6, 6]), [[(c % 2) * 8 + 1, 16 - 7 - (c % 2) * 8], [Math.floor(c / 2) * 8 + 1, 16 - 7 - Math.floor(c / 2) * 8]]);
    }));
    return {
      images: tf.add(tf.randomNormal([n, 16, 16, 3], 0, 1, 'float32', 3), tf.expandDims(ys, 3)) as tf.Tensor4D,
      labels: tf.cast(tf.oneHot(classes, CLASSES), 'float32') as tf.Tensor2D,
      heatmaps,
      tokens: tf.tensor1d([1, 1, 0, 1, 1, 1].slice(0, n)),
    };
  });
}

describe.each(TEST_BACKENDS)('20 harmonized steps on %s', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
    registerHarmonizationGradients();
  });

  it.each([
    ['conv kinds (conv, BN, max/avg/global pools, depthwise, add, concat, pad, relu/relu6/elu/leakyReLU/swish/gelu/sigmoid/tanh)', () => {
      const model = buildConvKinds();
      return { model, dispose: () => model.dispose(), variables: undefined };
    }],
    ['attention kinds (patch conv, layer norm, batched matMul, softmax, transpose, tanh-GELU, pad/slice) as a function model', () => {
      const { logits, variables } = buildAttentionKinds();
      return { model: logits, dispose: () => tf.dispose(variables), variables };
    }],
  ] as const)('%s: loss decreases, no tensor leaks', (_name, make) => {
    const { model, dispose, variables } = make();
    const batch = fixedBatch(4);
    const optimizer = tf.train.adam(0.01);
    const losses: number[] = [];
    let afterFirst = 0;
    for (let step = 0; step < 20; step++) {
      const loss = trainStep(model, optimizer, batch, { variables, lambdaHarmonization: 1 });
      expect(Number.isFinite(loss.total), `step ${step} total ${loss.total}`).toBe(true);
      losses.push(loss.total);
      if (step === 0) afterFirst = tf.memory().numTensors;
      else expect(tf.memory().numTensors, `tensors after step ${step}`).toBe(afterFirst);
    }
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.9);
    optimizer.dispose();
    tf.dispose(Object.values(batch));
    dispose();
  });
});

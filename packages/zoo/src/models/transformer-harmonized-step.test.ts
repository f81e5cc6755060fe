// The transformer architectures under core-loss's double backprop: one harmonized training step on
// tiny variants, and the second-order gradient through the custom layers against finite differences.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ensureHarmonizationGradients, saliency, trainStep, type HarmonizableModel } from '@harmonization/core-loss';
import { TEST_BACKENDS, useBackend } from '@harmonization/test-support';
import { buildConvNeXt } from './convnext';
import { buildLeViT } from './levit';
import { buildMaxViT } from './maxvit';
import { buildViT } from './vit';

interface Case {
  name: string;
  size: number;
  build: () => tfl.LayersModel;
  /** Weights whose gradient is checked by finite differences (the custom layers' own, mostly). */
  probe: string[];
  /**
   * Weights whose gradient is zero by construction (up to rounding), so a step may leave them as they are: a
   * BatchNorm beta whose every consumer is a bias-free linear map followed by a training-mode
   * BatchNorm (the per-channel shift cancels), or an attention bias over a single key.
   */
  structurallyZero: string[];
  /** BatchNorm mode in the finite-difference check (batch statistics are part of what is checked). */
  training: boolean;
}

const classes = 3;
const cases: Case[] = [
  {
    name: 'ViT',
    size: 16,
    build: () => buildViT({ patchSize: 4, hiddenSize: 16, depth: 1, numHeads: 2, mlpDim: 32, dropout: 0, inputShape: [16, 16, 3], numClasses: classes }),
    probe: ['Transformer/posembed_input/pos_embedding', 'Transformer/encoderblock_0/MultiHeadDotProductAttention_1/query/kernel', 'embedding/kernel'],
    structurallyZero: [],
    training: true,
  },
  {
    name: 'ConvNeXt',
    size: 16,
    build: () => buildConvNeXt({ depths: [1, 1], widths: [8, 16], layerScaleInit: 0.5, inputShape: [16, 16, 3], numClasses: classes }),
    probe: ['stack1_block1_dw_conv/depthwise_kernel', 'stack2_block1_gamma/weight', 'stem_conv/kernel'],
    structurallyZero: [],
    training: true,
  },
  {
    name: 'MaxViT',
    size: 32,
    build: () => buildMaxViT({ depths: [1, 1], widths: [16, 16], stemWidth: 8, headDim: 8, windowRatio: 8, inputShape: [32, 32, 3], numClasses: classes }),
    probe: ['stack_1_block_1/block_window_mhsa/pos_emb/positional_embedding', 'stack_1_block_1/grid_window_mhsa/qkv_conv/kernel'],
    // preact_bn → expand_conv (no bias) → expand_bn.
    structurallyZero: ['stack_1_block_1/mbconv/preact_bn/beta', 'stack_2_block_1/mbconv/preact_bn/beta'],
    training: true,
  },
  {
    name: 'LeViT',
    size: 32,
    build: () => buildLeViT({ stemWidth: 16, widths: [24, 24], numHeads: [2, 2], depths: [1, 1], keyDims: [4, 4], attnRatios: [2, 2], mlpRatios: [2, 2], strides: [2, 0], inputShape: [32, 32, 3], numClasses: classes }),
    probe: ['stack1_block1_attn_pos/positional_embedding', 'stack1_downsample_kv/kernel', 'stem_1_conv/kernel'],
    // Every reader of the residual stream is a bias-free Dense + BatchNorm (or GAP + head_bn);
    // stage 2 holds one token (32 px / 16 / 2), so its attention has a single key.
    structurallyZero: [
      'stack1_block1_out_bn/beta',
      'stack1_block1_mlp_2_bn/beta',
      'stack1_downsample_mlp_2_bn/beta',
      'stack2_block1_attn_pos/positional_embedding',
      'stack2_block1_out_bn/beta',
      'stack2_block1_mlp_2_bn/beta',
    ],
    // Inference-mode BatchNorm here: in training mode its `head_bn` normalises the pooled features
    // over the batch alone, which for tiny batches makes the loss so sharply bent (derivatives 1000×
    // the loss) that difference quotients do not settle (measured: 1e5× off at step 1e-2, 4 % at 1e-4).
    training: false,
  },
];

function batchFor(size: number) {
  const images = tf.randomUniform([2, size, size, 3], -1, 1, 'float32', 11) as tf.Tensor4D;
  const labels = tf.oneHot(tf.tensor1d([0, 2], 'int32'), classes) as tf.Tensor2D;
  // A blob in one corner: far from the untrained model's saliency, so the harmonization term is live.
  const heatmaps = tf.tidy(() => {
    const r = tf.range(0, size);
    const sq = tf.square(tf.sub(r, size / 4));
    const d = tf.add(tf.reshape(sq, [size, 1]), tf.reshape(sq, [1, size]));
    return tf.tile(tf.reshape(tf.exp(tf.div(d, -(size * size) / 32)), [1, size, size, 1]), [2, 1, 1, 1]);
  });
  return { images, labels, heatmaps };
}

/**
 * Random values for every weight, the zero-initialised ones included (biases, bias tables, zero
 * BN gammas), so that no gradient path is trivially dead: kernels N(0, 1/fan-in), scales near 1,
 * shifts and tables N(0, 0.1²).
 */
function randomize(model: tfl.LayersModel): void {
  for (const w of model.weights) {
    const shape = w.shape as number[];
    const name = w.originalName;
    if (name.endsWith('moving_variance') || name.endsWith('moving_mean')) continue;
    w.write(
      tf.tidy(() => {
        const noise = tf.randomNormal(shape, 0, 1, 'float32', 7);
        if (/(gamma|\/weight)$/.test(name)) return tf.add(1, tf.mul(noise, 0.1));
        if (shape.length === 1 || name.endsWith('positional_embedding') || name.endsWith('pos_embedding') || name.endsWith('/cls')) {
          return tf.mul(noise, 0.1);
        }
        return tf.mul(noise, 1 / Math.sqrt(shape.slice(0, -1).reduce((a, b) => a * b, 1)));
      }),
    );
  }
}

describe.each(TEST_BACKENDS.flatMap((backend) => cases.map((c) => ({ ...c, backend }))))('$name under the harmonized loss on $backend', ({ backend, size, build, probe, structurallyZero, training }) => {
  beforeAll(async () => {
    await useBackend(backend);
    ensureHarmonizationGradients();
  });

  it('survives one harmonized training step: finite loss, every weight updated but the structural zeros, no leak', () => {
    const model = build();
    randomize(model);
    const batch = batchFor(size);
    const optimizer = tf.train.sgd(1e-2);
    const before = model.trainableWeights.map((w) => w.read().clone());
    const tensors = tf.memory().numTensors;
    const loss = trainStep(model as unknown as HarmonizableModel, optimizer, batch, { pyramidLevels: 3 });
    expect(tf.memory().numTensors).toBe(tensors);
    for (const v of Object.values(loss)) expect(Number.isFinite(v)).toBe(true);
    expect(loss.harmonization).toBeGreaterThan(0);
    const frozen = model.trainableWeights.filter((w, i) => tf.tidy(() => tf.all(tf.equal(w.read(), before[i] as tf.Tensor)).dataSync()[0] === 1));
    const unexpected = frozen.map((w) => w.originalName).filter((n) => !structurallyZero.includes(n));
    expect(unexpected).toEqual([]);
    tf.dispose([...before, batch.images, batch.labels, batch.heatmaps]);
    optimizer.dispose();
    model.dispose();
  });

  // On cpu only: the check is about the graph's gradients, which are backend-independent ops.
  it.runIf(backend === 'cpu')('gives second-order gradients (through the saliency map) that match finite differences', () => {
    const model = build();
    randomize(model);
    const full = batchFor(size);
    // One image: the check is per weight entry, and a batch only multiplies the cost.
    const [images, labels, heatmaps] = [full.images, full.labels, full.heatmaps].map((t) => tf.slice(t, 0, 1)) as [tf.Tensor4D, tf.Tensor2D, tf.Tensor4D];
    tf.dispose([full.images, full.labels, full.heatmaps]);
    const m = tf.reshape(heatmaps, [1, size, size]);
    // J(w) = Σ saliency(w)² · m: a gradient of a gradient, without the loss's stop-gradient.
    const logits = (x: tf.Tensor4D) => model.apply(x, { training }) as tf.Tensor2D;
    const objective = () => tf.sum(tf.mul(tf.square(saliency(logits, images, labels)), m)) as tf.Scalar;
    const value = () => tf.tidy(() => objective().dataSync()[0] as number);
    for (const name of probe) {
      const weight = model.trainableWeights.find((w) => w.originalName === name);
      expect(weight, name).toBeDefined();
      const v = (weight as tfl.LayerVariable).read() as tf.Variable;
      const { value: j0, grads } = tf.variableGrads(objective, [v]);
      const flat = (grads[v.name] as tf.Tensor).dataSync();
      // The entry with the largest analytic gradient: a well-conditioned difference quotient.
      let k = 0;
      for (let e = 1; e < flat.length; e += 1) if (Math.abs(flat[e] as number) > Math.abs(flat[k] as number)) k = e;
      const analytic = flat[k] as number;
      const original = v.clone();
      const values = original.dataSync().slice();
      const at = (delta: number) => {
        const copy = values.slice();
        copy[k] = (copy[k] as number) + delta;
        v.assign(tf.tensor(copy, v.shape));
        return value();
      };
      const step = 3e-3;
      const numeric = (at(step) - at(-step)) / (2 * step);
      v.assign(original);
      expect(Math.abs(analytic), name).toBeGreaterThan(1e-4 * Math.abs(j0.dataSync()[0] as number));
      expect(Math.abs(numeric - analytic) / Math.abs(analytic), `${name}: analytic ${analytic}, numeric ${numeric}`).toBeLessThan(0.03);
      tf.dispose([j0, original, ...Object.values(grads)]);
    }
    tf.dispose([images, labels, heatmaps, m]);
    model.dispose();
  });
});

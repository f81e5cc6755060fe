// evaluateClickMe on the original's toy model (MaxPool 10 → Flatten → Dense) and an in-memory
// ClickMe-like dataset: per-image values equal the functional metrics called directly.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { TEST_BACKENDS, useBackend } from '@harmonization/test-support';
import { describe, expect, it } from 'vitest';
import { alignmentMetrics } from '../functional/alignment-metrics';
import { alignmentScore } from '../functional/alignment-score';
import { saliency } from '../explainers/saliency';
import { smoothGrad } from '../explainers/smooth-grad';
import { seededRandom } from '../internal/random';
import { evaluateClickMe, type ClickMeBatch } from './evaluate-clickme';

const S = 40;
const K = 10;
const SIZES = [3, 4, 2];

function toyModel(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.maxPooling2d({ inputShape: [S, S, 3], poolSize: 10, strides: 10 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: K, kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }),
    ],
  });
}

interface RawBatch {
  images: Float32Array;
  heatmaps: Float32Array;
  labels: number[];
  n: number;
}

/** Deterministic raw data; the last image of batch 1 has a constant (all-zero) heatmap. */
function rawData(): RawBatch[] {
  const random = seededRandom(21);
  return SIZES.map((n, b) => {
    const images = Float32Array.from({ length: n * S * S * 3 }, () => Math.floor(random() * 256));
    const heatmaps = Float32Array.from({ length: n * S * S }, () => Math.floor(random() * 256) / 255);
    if (b === 1) heatmaps.fill(0, (n - 1) * S * S);
    return { images, heatmaps, labels: Array.from({ length: n }, () => Math.floor(random() * K)), n };
  });
}

async function* dataset(raw: RawBatch[], heatmapRank: 3 | 4 = 4): AsyncGenerator<ClickMeBatch> {
  for (const r of raw) {
    yield {
      images: tf.tensor4d(r.images, [r.n, S, S, 3]),
      heatmaps: heatmapRank === 4 ? tf.tensor4d(r.heatmaps, [r.n, S, S, 1]) : tf.tensor3d(r.heatmaps, [r.n, S, S]),
      labels: tf.tidy(() => tf.oneHot(tf.tensor1d(r.labels, 'int32'), K)),
      tokens: tf.ones([r.n]),
    } as ClickMeBatch;
  }
}

const scale = (x: tf.Tensor4D) => tf.div(x, 255) as tf.Tensor4D;

describe.each(TEST_BACKENDS)('evaluateClickMe on %s', (backend) => {
  it('per-image metrics in dataset order equal the functional metrics; summary; no leaks', async () => {
    await useBackend(backend);
    const model = toyModel();
    const raw = rawData();
    // Direct computation, batch by batch.
    const want = { spearman: [] as number[], dice: [] as number[], iou: [] as number[] };
    for (const r of raw) {
      const maps = tf.tidy(() => saliency(model)(scale(tf.tensor4d(r.images, [r.n, S, S, 3])), r.labels));
      const human = tf.tensor3d(r.heatmaps, [r.n, S, S]);
      const m = alignmentMetrics(maps, human);
      want.spearman.push(...m.spearman);
      want.dice.push(...m.dice);
      want.iou.push(...m.iou);
      tf.dispose([maps, human]);
    }
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const got = await evaluateClickMe(model, {
      dataset: dataset(raw),
      preprocess: scale,
      batchSize: 2,
      onProgress: (p) => progress.push(p.images),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(got.spearman).toEqual(want.spearman);
    expect(got.dice).toEqual(want.dice);
    expect(got.iou).toEqual(want.iou);
    expect(progress).toEqual([3, 7, 9]);
    // Image 6 (last of batch 1) has a constant heatmap: NaN, counted, left out of the means.
    expect(got.spearman[6]).toBeNaN();
    const kept = want.spearman.filter((v) => !Number.isNaN(v));
    const meanOf = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(got.summary).toEqual({
      alignmentScore: alignmentScore(want.spearman),
      meanSpearman: meanOf(kept),
      meanDice: meanOf(want.dice),
      meanIou: meanOf(want.iou),
      nanCount: 1,
      count: 9,
    });
    model.dispose();
  });
});

describe('evaluateClickMe: models, preprocessing and explainers', () => {
  it('requires a preprocessing unless the model carries one', async () => {
    const model = toyModel();
    await expect(evaluateClickMe(model, { dataset: dataset(rawData()) })).rejects.toThrow(
      /^Error in evaluateClickMe: preprocess must be given: .* got none\.$/,
    );
    const calls: number[][] = [];
    const preprocess = (x: tf.Tensor4D) => {
      calls.push(x.shape);
      return scale(x);
    };
    const explicit = await evaluateClickMe(model, { dataset: dataset(rawData()), preprocess });
    expect(calls).toEqual([[3, S, S, 3], [4, S, S, 3], [2, S, S, 3]]);
    // {model, preprocess} and a model carrying .preprocess (as the zoo attaches it) give the same.
    const pair = await evaluateClickMe({ model, preprocess: scale }, { dataset: dataset(rawData()) });
    const carried = await evaluateClickMe(Object.assign(toyModel(), { preprocess: scale }), { dataset: dataset(rawData()) });
    expect(pair).toEqual(explicit);
    // Same weights seed, so the same model: the carried preprocessing is used.
    expect(carried).toEqual(explicit);
    // A function model works too, and options.preprocess overrides the carried one.
    const fnModel = Object.assign((x: tf.Tensor4D) => model.predict(x) as tf.Tensor, { preprocess: (x: tf.Tensor4D) => x });
    expect(await evaluateClickMe(fnModel, { dataset: dataset(rawData()), preprocess: scale })).toEqual(explicit);
    model.dispose();
  });

  it('takes [N,H,W] heatmaps, explainer factories and explainer functions (4-D maps averaged)', async () => {
    const model = toyModel();
    const base = await evaluateClickMe(model, { dataset: dataset(rawData()), preprocess: scale });
    expect(await evaluateClickMe(model, { dataset: dataset(rawData(), 3), preprocess: scale })).toEqual(base);
    // The saliency factory is the default; a ready explainer gives the same.
    expect(await evaluateClickMe(model, { dataset: dataset(rawData()), preprocess: scale, explainer: saliency })).toEqual(base);
    expect(await evaluateClickMe(model, { dataset: dataset(rawData()), preprocess: scale, explainer: saliency(model) })).toEqual(base);
    // An explainer returning [N,H,W,1] asynchronously.
    const async4d = async (x: tf.Tensor4D, y: unknown) => {
      const m = saliency(model)(x, y as tf.Tensor);
      const out = tf.expandDims(m, -1);
      m.dispose();
      return out;
    };
    expect(await evaluateClickMe(model, { dataset: dataset(rawData()), preprocess: scale, explainer: async4d })).toEqual(base);
    // Another factory is applied to the model.
    const smooth = await evaluateClickMe(model, { dataset: dataset(rawData()), preprocess: scale, explainer: smoothGrad });
    expect(smooth.spearman).toHaveLength(9);
    expect(smooth.spearman).not.toEqual(base.spearman);
    model.dispose();
  });

  it('rejects bad batches and mismatched maps, disposing what it was given', async () => {
    const model = toyModel();
    const before = tf.memory().numTensors;
    async function* bad(): AsyncGenerator<ClickMeBatch> {
      yield { images: tf.zeros([2, S, S, 3]), heatmaps: tf.zeros([2, S + 1, S, 1]), labels: tf.tensor1d([0, 1], 'int32') } as ClickMeBatch;
    }
    await expect(evaluateClickMe(model, { dataset: bad(), preprocess: scale })).rejects.toThrow(
      'Error in evaluateClickMe: the explainer maps [2,40,40] and the heatmaps [2,41,40,1] must have the same height and width.',
    );
    async function* missing(): AsyncGenerator<ClickMeBatch> {
      yield { images: tf.zeros([2, S, S, 3]) } as unknown as ClickMeBatch;
    }
    await expect(evaluateClickMe(model, { dataset: missing(), preprocess: scale })).rejects.toThrow(
      'Error in evaluateClickMe: batch 0 must hold tensors {images [N,H,W,3], heatmaps, labels}, got {images: [2,40,40,3]}.',
    );
    expect(tf.memory().numTensors).toBe(before);
    await expect(evaluateClickMe(model, { dataset: 3 as never, preprocess: scale })).rejects.toThrow(
      'Error in evaluateClickMe: dataset must be an iterable of {images, heatmaps, labels} batches, got number.',
    );
    await expect(evaluateClickMe({} as never, { dataset: [], preprocess: scale })).rejects.toThrow(
      'Error in evaluateClickMe: model must be a tfjs LayersModel, a function (x) => logits, or {model, preprocess}, got object.',
    );
    const empty = await evaluateClickMe(model, { dataset: [], preprocess: scale });
    expect(empty.summary.count).toBe(0);
    expect(empty.summary.alignmentScore).toBeNaN();
    model.dispose();
  });
});

// Alignment and accuracy of a model over ClickMe-schema shards or an image+map folder:
// the model's own preprocessing, the chosen explainer, Spearman / Dice / IoU per image from
// @harmonization/metrics, the alignment score over the images.
import * as tf from '@tensorflow/tfjs';
import * as metrics from '@harmonization/metrics';
import { alignmentScore, dice, iou, spearman } from '@harmonization/metrics';
import { loadClickMe } from '@harmonization/datasets';
import { usageError } from '../util/cli-error';
import { shardFiles } from './example-stream';
import type { LoadedModel } from './model-source';

export const EXPLAINERS = ['saliency', 'signedSaliency', 'smoothGrad', 'gradientTimesInput', 'integratedGradients'] as const;

export interface EvalBatch {
  /** `[N,H,W,3]` in [0,255]. */
  images: tf.Tensor4D;
  /** `[N,H,W]` or `[N,H,W,1]`. */
  heatmaps: tf.Tensor;
  /** `[N]` class indices, or null when unknown (no accuracy then). */
  labels: number[] | null;
}

export interface EvalResult {
  count: number;
  accuracy: number | null;
  alignmentScore: number;
  spearman: number;
  dice: number;
  iou: number;
  nanCount: number;
  explainer: string;
  perImage: { spearman: number[]; dice: number[]; iou: number[] };
}

type Explainer = (model: tf.LayersModel) => (images: tf.Tensor4D, labels: tf.Tensor2D) => tf.Tensor;

function explainerByName(name: string): Explainer {
  const fn = (metrics as unknown as Record<string, unknown>)[name];
  if (!(EXPLAINERS as readonly string[]).includes(name) || typeof fn !== 'function') {
    throw usageError(`--explainer must be one of ${EXPLAINERS.join(', ')}, got "${name}".`);
  }
  return fn as Explainer;
}

function mean(xs: number[]): number {
  const f = xs.filter(Number.isFinite);
  return f.reduce((a, b) => a + b, 0) / Math.max(f.length, 1);
}

/** Evaluates over any async iterable of batches (disposed here). */
export async function evaluateBatches(loaded: LoadedModel, batches: AsyncIterable<EvalBatch>, options: { explainer: string; limit?: number; onBatch?: (done: number) => void }): Promise<EvalResult> {
  const explain = explainerByName(options.explainer);
  const numClasses = loaded.card.numClasses;
  const per = { spearman: [] as number[], dice: [] as number[], iou: [] as number[] };
  let hits = 0;
  let labelled = 0;
  let count = 0;
  for await (const batch of batches) {
    const remaining = (options.limit ?? Infinity) - count;
    if (remaining <= 0) {
      tf.dispose([batch.images, batch.heatmaps]);
      break;
    }
    const n = Math.min(batch.images.shape[0], remaining);
    const x = tf.tidy(() => loaded.preprocess(batch.images.slice(0, n)));
    const logits = tf.tidy(() => loaded.model.predict(x) as tf.Tensor2D);
    const predicted = Array.from(await logits.argMax(-1).data());
    // Explain the true class when known (as the original), otherwise the predicted one.
    const target = batch.labels ? batch.labels.slice(0, n) : predicted;
    const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(target, 'int32'), numClasses).toFloat() as tf.Tensor2D);
    const maps = explain(loaded.model)(x, oneHot);
    const human = tf.tidy(() => {
      const h = batch.heatmaps.slice(0, n);
      return (h.rank === 4 ? h.squeeze([3]) : h) as tf.Tensor3D;
    });
    const m3 = tf.tidy(() => (maps.rank === 4 ? maps.squeeze([3]) : maps) as tf.Tensor3D);
    per.spearman.push(...spearman(m3, human));
    per.dice.push(...dice(m3, human));
    per.iou.push(...iou(m3, human));
    if (batch.labels) {
      predicted.forEach((p, i) => {
        if (p === batch.labels![i]) hits++;
      });
      labelled += n;
    }
    count += n;
    tf.dispose([x, logits, oneHot, maps, human, m3, batch.images, batch.heatmaps]);
    options.onBatch?.(count);
  }
  return {
    count,
    accuracy: labelled > 0 ? hits / labelled : null,
    alignmentScore: alignmentScore(per.spearman),
    spearman: mean(per.spearman),
    dice: mean(per.dice),
    iou: mean(per.iou),
    nanCount: per.spearman.filter((x) => !Number.isFinite(x)).length,
    explainer: options.explainer,
    perImage: per,
  };
}

/** Batches of a shard folder at the model's input size, in file order (no shuffle). */
export async function* shardBatches(data: string, imageSize: number, numClasses: number, batchSize: number, blur = true): AsyncGenerator<EvalBatch> {
  const source = loadClickMe({ shards: shardFiles(data), batchSize, imageSize, numClasses, sourceSize: null, ...(blur ? {} : { blur: false as const }), dropRemainder: false, repeat: false });
  for await (const b of source) {
    b.tokens.dispose();
    const labels = Array.from(await b.labels.argMax(-1).data(), Number);
    b.labels.dispose();
    yield { images: b.images as tf.Tensor4D, heatmaps: b.heatmaps, labels };
  }
}

export async function evaluateShards(loaded: LoadedModel, options: { data: string; limit?: number; batchSize: number; explainer: string; blur?: boolean; onBatch?: (done: number) => void }): Promise<EvalResult> {
  const size = loaded.card.inputShape[0] ?? 224;
  return evaluateBatches(loaded, shardBatches(options.data, size, loaded.card.numClasses, options.batchSize, options.blur ?? true), options);
}

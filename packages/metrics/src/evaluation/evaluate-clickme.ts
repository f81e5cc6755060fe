import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor3D, Tensor4D } from '@tensorflow/tfjs-core';
import { HUMAN_SPEARMAN_CEILING } from '../functional/alignment-score';
import type { Explainer, Labels } from '../explainers/gradients';
import { isExplainerFactory, type ExplainerFactory } from '../explainers/factory';
import type { Classifier } from '../explainers/model';
import { resolveModel, type ModelWithPreprocess, type Preprocess } from './model-with-preprocess';
import { saliency } from '../explainers/saliency';
import { fromFlat } from '../internal/map-batch';
import { pairWorkspace } from '../internal/pair-metrics';
import { checkPercentile } from '../internal/percentile-option';
import { meanWithPolicy } from '../internal/statistics';
import { fail, formatShape } from '../internal/validate';

export type { ModelWithPreprocess, Preprocess };

/** One batch of the ClickMe validation set (other fields, e.g. `tokens`, are allowed). */
export interface ClickMeBatch {
  /** RGB images `[N,H,W,3]`, before preprocessing. */
  images: Tensor4D;
  /** Human maps `[N,H,W,1]` or `[N,H,W]`. */
  heatmaps: Tensor;
  /** One-hot `[N,K]` (the original's) or class indices `[N]`. */
  labels: Tensor;
}

export interface ClickMeProgress {
  batches: number;
  images: number;
  /** Mean Spearman so far (NaN left out). */
  meanSpearman: number;
}

export interface EvaluateClickMeOptions {
  /** Batches `{images, heatmaps, labels}` (async or sync iterable), consumed once, in order. */
  dataset: AsyncIterable<ClickMeBatch> | Iterable<ClickMeBatch>;
  /**
   * An explainer `(images, labels) => maps` (`[N,H,W]`, or `[N,H,W,C]`: averaged over C as in
   * the original; may return a promise), or one of this package's explainer factories
   * (`saliency`, `smoothGrad`, …), which is then applied to the model with `{batchSize}`.
   * Default `saliency` (Xplique's Saliency, as the original).
   */
  explainer?: Explainer | ExplainerFactory | ((images: Tensor4D, labels: Labels) => Tensor | Promise<Tensor>);
  /**
   * REQUIRED unless the model comes with its own (see {@link ModelWithPreprocess}); overrides it
   * when both are given. The original's latest default was the identity, which gave wrong scores
   * for the harmonized models (SPEC §13.5): say `(x) => x` if that is really what you want.
   */
  preprocess?: Preprocess;
  /** Sub-batch size of the explainer built from a factory. Default 32 (Xplique's). */
  batchSize?: number;
  /** Dice/IoU percentile. Default 10. */
  percentile?: number;
  /** Called after each batch. */
  onProgress?: (progress: ClickMeProgress) => void;
  /** Dispose every tensor of each batch once it is used. Default true. */
  disposeBatches?: boolean;
}

export interface ClickMeSummary {
  /** meanSpearman / HUMAN_SPEARMAN_CEILING (the paper's score). */
  alignmentScore: number;
  /** Means over images; a NaN Spearman (constant map) is left out and counted in nanCount. */
  meanSpearman: number;
  meanDice: number;
  meanIou: number;
  nanCount: number;
  count: number;
}

export interface ClickMeResult {
  /** Per-image values, in dataset order. */
  spearman: number[];
  dice: number[];
  iou: number[];
  summary: ClickMeSummary;
}

const FN = 'evaluateClickMe';

/** Maps `[N,H,W]`, or `[N,H,W,C]` averaged over C as the original does; a new tensor. */
function toMaps(name: string, t: Tensor, n: number): Tensor3D {
  if (!((t.rank === 3 || t.rank === 4) && t.shape[0] === n)) {
    fail(FN, `${name} must be [${n},H,W] or [${n},H,W,C], got ${formatShape(t.shape)}.`);
  }
  return tf.tidy(() => (t.rank === 4 ? tf.mean(t, -1) : tf.clone(t)) as Tensor3D);
}

function disposeBatch(batch: object): void {
  for (const value of Object.values(batch)) if (value instanceof tf.Tensor) value.dispose();
}

/**
 * The ClickMe human-alignment benchmark (the original's `evaluate_clickme`, SPEC §6.1) for any
 * tfjs model: per batch, preprocess the images, explain them with their true labels, reduce maps
 * and human heatmaps to `[N,H,W]`, then per-image Spearman, Dice and IoU. Streams: one batch in
 * memory at a time.
 *
 * @param model a tfjs `LayersModel` or a function `(x: Tensor4D) => logits [N,K]`, optionally
 *   carrying its preprocessing (see {@link ModelWithPreprocess}).
 */
export async function evaluateClickMe(model: Classifier | ModelWithPreprocess, options: EvaluateClickMeOptions): Promise<ClickMeResult> {
  if (typeof options !== 'object' || options === null) fail(FN, `options must be an object with a dataset, got ${String(options)}.`);
  const { dataset, onProgress, disposeBatches = true } = options;
  const { classifier, preprocess } = resolveModel(FN, model, options.preprocess);
  const percentile = checkPercentile(FN, options.percentile);
  if (dataset === null || typeof dataset !== 'object' || !(Symbol.asyncIterator in dataset || Symbol.iterator in dataset)) {
    fail(FN, `dataset must be an iterable of {images, heatmaps, labels} batches, got ${dataset === null ? 'null' : typeof dataset}.`);
  }
  const given = options.explainer ?? saliency;
  const explain = isExplainerFactory(given) ? given(classifier, { batchSize: options.batchSize }) : given;
  if (typeof explain !== 'function') fail(FN, `explainer must be a function (images, labels) => maps, got ${typeof explain}.`);

  const result: ClickMeResult = {
    spearman: [],
    dice: [],
    iou: [],
    summary: { alignmentScore: Number.NaN, meanSpearman: Number.NaN, meanDice: Number.NaN, meanIou: Number.NaN, nanCount: 0, count: 0 },
  };
  let batches = 0;
  for await (const batch of dataset as AsyncIterable<ClickMeBatch>) {
    const owned: Tensor[] = [];
    try {
      const { images, heatmaps, labels } = (batch ?? {}) as Partial<ClickMeBatch>;
      if (!(images instanceof tf.Tensor) || images.rank !== 4 || !(heatmaps instanceof tf.Tensor) || !(labels instanceof tf.Tensor)) {
        fail(FN, `batch ${batches} must hold tensors {images [N,H,W,3], heatmaps, labels}, got ${describeBatch(batch)}.`);
      }
      const n = images.shape[0];
      const input = preprocess(images);
      owned.push(input);
      if (!(input instanceof tf.Tensor) || input.rank !== 4) {
        fail(FN, `preprocess must return a tensor [N,H,W,C], got ${input instanceof tf.Tensor ? formatShape(input.shape) : typeof input}.`);
      }
      const raw = await (explain as (x: Tensor4D, y: Labels) => Tensor | Promise<Tensor>)(input as Tensor4D, labels);
      if (!(raw instanceof tf.Tensor)) fail(FN, `the explainer must return a tensor of maps, got ${typeof raw}.`);
      owned.push(raw);
      const maps = toMaps('the explainer maps', raw, n);
      owned.push(maps);
      const human = toMaps('heatmaps', heatmaps, n);
      owned.push(human);
      if (maps.shape[1] !== human.shape[1] || maps.shape[2] !== human.shape[2]) {
        fail(FN, `the explainer maps ${formatShape(raw.shape)} and the heatmaps ${formatShape(heatmaps.shape)} must have the same height and width.`);
      }
      // The metrics read float32 bit patterns: cast anything else (int32 maps) first.
      const asFloat32 = (d: ArrayLike<number>) => (d instanceof Float32Array ? d : Float32Array.from(d));
      const [a, b] = (await Promise.all([maps.data(), human.data()])).map((d) => asFloat32(d as ArrayLike<number>)) as [Float32Array, Float32Array];
      const ma = fromFlat(FN, 'maps', a, maps.shape);
      const mb = fromFlat(FN, 'heatmaps', b, human.shape);
      const ws = pairWorkspace(ma.size);
      for (let i = 0; i < n; i++) {
        const s = ws.all(ma.map(i), mb.map(i), percentile);
        result.spearman.push(s.spearman);
        result.dice.push(s.dice);
        result.iou.push(s.iou);
      }
    } finally {
      tf.dispose(owned);
      if (disposeBatches && batch && typeof batch === 'object') disposeBatch(batch);
    }
    batches++;
    onProgress?.({ batches, images: result.spearman.length, meanSpearman: meanWithPolicy(result.spearman, 'omit').mean });
  }
  const s = meanWithPolicy(result.spearman, 'omit');
  result.summary = {
    alignmentScore: s.mean / HUMAN_SPEARMAN_CEILING,
    meanSpearman: s.mean,
    meanDice: meanWithPolicy(result.dice, 'omit').mean,
    meanIou: meanWithPolicy(result.iou, 'omit').mean,
    nanCount: s.nanCount,
    count: s.count,
  };
  return result;
}

function describeBatch(batch: unknown): string {
  if (batch === null || typeof batch !== 'object') return String(batch);
  const parts = Object.entries(batch).map(([k, v]) => `${k}: ${v instanceof tf.Tensor ? formatShape(v.shape) : typeof v}`);
  return `{${parts.join(', ')}}`;
}

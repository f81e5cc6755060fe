import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import type { Classifier } from '../explainers/model';
import { resolveModel, type ModelWithPreprocess, type Preprocess } from '../evaluation/model-with-preprocess';
import { fail, formatShape } from '../internal/validate';
import { ANIMAL_CLASSES, levelIndex, REVELATION_LEVELS, REVELATION_PERCENTAGES } from './revelation-levels';

/** A batch of revealed-pixel stimuli. */
export interface PsychophysicsBatch {
  /** Stimuli `[N,H,W,3]` before preprocessing (the original stacks the grey image 3 times). */
  images: Tensor4D;
  /** Per stimulus: level index 0..10 (number) or difficulty name '0'…'90' / 'full' (string). */
  levels: ArrayLike<number | string> | Tensor;
  /** Per stimulus: ImageNet class index of the object (animal when < `animalClasses`). */
  labels: ArrayLike<number> | Tensor;
}

export interface RunPsychophysicsOptions {
  /** Stimuli: one batch, or batches (async or sync iterable), consumed once. */
  stimuli: PsychophysicsBatch | AsyncIterable<PsychophysicsBatch> | Iterable<PsychophysicsBatch>;
  /** Required unless the model carries its own (as for evaluateClickMe). */
  preprocess?: Preprocess;
  /** Images per forward pass. Default 32. */
  batchSize?: number;
  /** Classes below this index are animals. Default 398 (ImageNet). */
  animalClasses?: number;
  /** Dispose the tensors of each batch once used. Default true. */
  disposeBatches?: boolean;
}

/** The model's curve: one entry per revelation level. */
export interface PsychophysicsCurve {
  levels: string[];
  /** Revealed-pixel percentages (the original's x). */
  revelation: number[];
  /** Accuracy of "argmax < animalClasses" against the animal/non-animal label (the original's y). */
  accuracy: number[];
  /** Accuracy of "mean(logits[:A]) − mean(logits[A:]) > 0" (the original's z, decision_mean). */
  decisionMeanAccuracy: number[];
  /** Stimuli per level (a level without stimuli has NaN accuracies). */
  counts: number[];
}

const FN = 'runPsychophysics';

function numbersOf(name: string, value: ArrayLike<number | string> | Tensor, n: number): (number | string)[] {
  const list = value instanceof tf.Tensor ? Array.from(value.dataSync()) : Array.from(value ?? []);
  if (list.length !== n) fail(FN, `${name} must hold one entry per image (${n}), got ${list.length}.`);
  return list;
}

/**
 * Runs a model on the Clicktionary revealed-pixel stimuli (SPEC §8, `run_images` +
 * `parsing_results`): per stimulus the task output (argmax < 398 → "animal") and the
 * decision_mean variant, then the accuracy per revelation level against the animal/non-animal
 * label. Outputs are used as the model returns them (logits).
 */
export async function runPsychophysics(model: Classifier | ModelWithPreprocess, options: RunPsychophysicsOptions): Promise<PsychophysicsCurve> {
  const { classifier, preprocess } = resolveModel(FN, model, options.preprocess);
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) fail(FN, `batchSize must be a positive integer, got ${String(batchSize)}.`);
  const animals = options.animalClasses ?? ANIMAL_CLASSES;
  const disposeBatches = options.disposeBatches ?? true;
  const call = typeof classifier === 'function' ? classifier : (x: Tensor4D) => classifier.predict(x) as Tensor;
  const L = REVELATION_LEVELS.length;
  const correct = new Array<number>(L).fill(0);
  const correctMean = new Array<number>(L).fill(0);
  const counts = new Array<number>(L).fill(0);

  const stimuli = options.stimuli as unknown;
  const batches: AsyncIterable<PsychophysicsBatch> | Iterable<PsychophysicsBatch> =
    stimuli !== null && typeof stimuli === 'object' && 'images' in stimuli
      ? [stimuli as PsychophysicsBatch]
      : (stimuli as AsyncIterable<PsychophysicsBatch> | Iterable<PsychophysicsBatch>);
  if (batches === null || typeof batches !== 'object' || !(Symbol.asyncIterator in batches || Symbol.iterator in batches)) {
    fail(FN, `stimuli must be a batch {images, levels, labels} or an iterable of them, got ${stimuli === null ? 'null' : typeof stimuli}.`);
  }
  for await (const batch of batches as AsyncIterable<PsychophysicsBatch>) {
    try {
      const { images } = batch;
      if (!(images instanceof tf.Tensor) || images.rank !== 4) {
        fail(FN, `images must be a tensor [N,H,W,3], got ${images instanceof tf.Tensor ? formatShape(images.shape) : typeof images}.`);
      }
      const n = images.shape[0];
      const levels = numbersOf('levels', batch.levels, n).map((l) => levelIndex(FN, l));
      const labels = numbersOf('labels', batch.labels, n).map(Number);
      for (let start = 0; start < n; start += batchSize) {
        const size = Math.min(batchSize, n - start);
        const logits = tf.tidy(() => {
          const out = call(preprocess(tf.slice(images, start, size)) as Tensor4D);
          if (!(out instanceof tf.Tensor) || out.rank !== 2 || out.shape[1]! <= animals) {
            fail(FN, `the model must return logits [N,K] with K > ${animals}, got ${out instanceof tf.Tensor ? formatShape(out.shape) : typeof out}.`);
          }
          return out;
        });
        const values = (await logits.data()) as Float32Array;
        const k = logits.shape[1] as number;
        logits.dispose();
        for (let i = 0; i < size; i++) {
          const row = values.subarray(i * k, (i + 1) * k);
          let best = 0;
          let animalSum = 0;
          let otherSum = 0;
          for (let c = 0; c < k; c++) {
            const v = row[c] as number;
            if (v > (row[best] as number)) best = c;
            if (c < animals) animalSum += v;
            else otherSum += v;
          }
          const level = levels[start + i] as number;
          const isAnimal = (labels[start + i] as number) < animals;
          counts[level]! += 1;
          if (best < animals === isAnimal) correct[level]! += 1;
          if (animalSum / animals - otherSum / (k - animals) > 0 === isAnimal) correctMean[level]! += 1;
        }
      }
    } finally {
      if (disposeBatches) for (const v of Object.values(batch)) if (v instanceof tf.Tensor) v.dispose();
    }
  }
  return {
    levels: [...REVELATION_LEVELS],
    revelation: [...REVELATION_PERCENTAGES],
    accuracy: correct.map((c, i) => c / (counts[i] as number)),
    decisionMeanAccuracy: correctMean.map((c, i) => c / (counts[i] as number)),
    counts,
  };
}

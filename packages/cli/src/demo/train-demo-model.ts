// One demo model: build it from the zoo with seeded initial weights, train it (baseline:
// cross-entropy; harmonized: the harmonization loss of core-loss), then evaluate it. Runs in
// a worker thread (two models in parallel on two cores) or in the calling thread.
import * as tf from '@tensorflow/tfjs';
import { crossEntropyWithLogits, harmonizedGradients, trainStep, type HarmonizableModel, type TrainStepOptimizer } from '@harmonization/core-loss';
import { alignmentScore, saliency, spearman } from '@harmonization/metrics';
import { createModel } from '@harmonization/zoo';
import { SeededRandom, withSeededMathRandomAsync } from '../util/seeded-random';
import type { DemoConfig, DemoMode, DemoModelResult, DemoSplit } from './demo-config';

/** The demo's input scaling: x / 255 − 0.5 (the recipe's "x − 0.5" on [0,1] images). */
export function demoPreprocess(images: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.sub(tf.div(images, 255), 0.5));
}

function batchTensors(split: DemoSplit, indices: number[], classes: number) {
  const s = split.size;
  const px = s * s;
  const images = new Float32Array(indices.length * px * 3);
  const maps = new Float32Array(indices.length * px);
  const labels = new Int32Array(indices.length);
  indices.forEach((idx, i) => {
    images.set(split.images.subarray(idx * px * 3, (idx + 1) * px * 3), i * px * 3);
    maps.set(split.heatmaps.subarray(idx * px, (idx + 1) * px), i * px);
    labels[i] = split.labels[idx]!;
  });
  return tf.tidy(() => ({
    images: demoPreprocess(tf.tensor4d(images, [indices.length, s, s, 3])),
    heatmaps: tf.tensor3d(maps, [indices.length, s, s]),
    labels: tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat() as tf.Tensor2D,
  }));
}

/** The batch order both models share: a fresh permutation per epoch from the seed. */
export function batchOrder(seed: number, count: number, batchSize: number, steps: number): number[][] {
  const rng = new SeededRandom(seed ^ 0x5eed);
  const out: number[][] = [];
  let perm: number[] = [];
  while (out.length < steps) {
    if (perm.length < batchSize) perm = rng.shuffle(Array.from({ length: count }, (_, i) => i));
    out.push(perm.splice(0, batchSize));
  }
  return out;
}

export async function buildDemoModel(config: DemoConfig): Promise<tf.LayersModel> {
  // Same seed → same initial weights for both models: the comparison is paired.
  return withSeededMathRandomAsync(config.seed + 1, async () =>
    (await createModel(config.model, { inputShape: [config.imageSize, config.imageSize, 3], numClasses: config.classes })) as unknown as tf.LayersModel,
  );
}

export interface TrainProgress {
  (step: number, loss: number): void;
}

/**
 * A second thread that computes the harmonized gradients of part of each batch (data
 * parallelism on two cores). The loss is a mean over samples, so the count-weighted average
 * of the two parts' gradients is the gradient of the whole batch.
 */
export interface GradientPeer {
  /** Current trainable weights and the peer's sample indices → its gradients (same order). */
  compute(weights: Float32Array[], indices: number[]): Promise<{ grads: Float32Array[]; loss: Record<string, number> }>;
}

function harmonizerOptions(config: DemoConfig) {
  return { lambdaHarmonization: config.lambda, lambdaWeights: config.lambdaWeights, labelSmoothing: config.labelSmoothing };
}

/** The peer's side: gradients of `indices` at `weights`, as plain arrays. */
export function peerGradients(model: tf.LayersModel, config: DemoConfig, train: DemoSplit, weights: Float32Array[], indices: number[]): { grads: Float32Array[]; loss: Record<string, number> } {
  if (weights.length > 0) model.trainableWeights.forEach((w, i) => {
    const t = tf.tensor(weights[i]!, w.shape as number[]);
    w.write(t);
    t.dispose();
  });
  const batch = batchTensors(train, indices, config.classes);
  try {
    const { loss, grads } = harmonizedGradients(model as unknown as HarmonizableModel, batch, harmonizerOptions(config));
    const out = grads.map((g) => g.dataSync() as Float32Array);
    tf.dispose(grads);
    return { grads: out, loss: { ...loss } };
  } finally {
    tf.dispose(batch);
  }
}

export async function trainDemoModel(model: tf.LayersModel, mode: DemoMode, config: DemoConfig, train: DemoSplit, onStep?: TrainProgress, peer?: GradientPeer): Promise<Record<string, number>> {
  const optimizer = tf.train.adam(config.lr);
  const order = batchOrder(config.seed, train.count, config.batchSize, config.steps);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  let last: Record<string, number> = {};
  for (let step = 0; step < order.length; step++) {
    const indices = order[step]!;
    if (mode === 'harmonized' && peer && indices.length > 1) {
      const mine = indices.slice(0, Math.ceil(indices.length / 2));
      const theirs = indices.slice(mine.length);
      const remote = peer.compute(variables.map((v) => v.dataSync() as Float32Array), theirs);
      const own = peerGradients(model, config, train, [], mine);
      const other = await remote;
      const a = mine.length / indices.length;
      const named = variables.map((v, i) => ({
        name: v.name,
        tensor: tf.tidy(() => tf.add(tf.mul(tf.tensor(own.grads[i]!, v.shape), a), tf.mul(tf.tensor(other.grads[i]!, v.shape), 1 - a))),
      }));
      optimizer.applyGradients(named);
      tf.dispose(named.map((n) => n.tensor));
      last = Object.fromEntries(Object.keys(own.loss).map((k) => [k, a * own.loss[k]! + (1 - a) * (other.loss[k] ?? NaN)]));
    } else {
      const batch = batchTensors(train, indices, config.classes);
      try {
        if (mode === 'harmonized') {
          last = { ...trainStep(model as unknown as HarmonizableModel, optimizer as unknown as TrainStepOptimizer, batch, harmonizerOptions(config)) };
        } else {
          const value = optimizer.minimize(
            () => crossEntropyWithLogits(model.apply(batch.images, { training: true }) as tf.Tensor2D, batch.labels, config.labelSmoothing),
            true,
            variables,
          );
          last = { total: value?.dataSync()[0] ?? NaN, crossEntropy: value?.dataSync()[0] ?? NaN };
          value?.dispose();
        }
      } finally {
        tf.dispose(batch);
      }
    }
    onStep?.(step + 1, last.total ?? NaN);
  }
  optimizer.dispose();
  return last;
}

function predictLabels(model: tf.LayersModel, split: DemoSplit, classes: number, batch = 100): Int32Array {
  const out = new Int32Array(split.count);
  for (let start = 0; start < split.count; start += batch) {
    const idx = Array.from({ length: Math.min(batch, split.count - start) }, (_, i) => start + i);
    const pred = tf.tidy(() => {
      const { images, heatmaps, labels } = batchTensors(split, idx, classes);
      tf.dispose([heatmaps, labels]);
      return tf.argMax(model.predict(images) as tf.Tensor2D, 1);
    });
    out.set(pred.dataSync() as Int32Array, start);
    pred.dispose();
  }
  return out;
}

function accuracy(pred: Int32Array, labels: Int32Array): number {
  let hit = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === labels[i]) hit++;
  return hit / pred.length;
}

/** Explainer maps (|∂logit/∂x|, max over channels) of the whole split, `[N·H·W]`. */
function explainSplit(model: tf.LayersModel, split: DemoSplit, classes: number, batch = 50): Float32Array {
  const px = split.size * split.size;
  const out = new Float32Array(split.count * px);
  for (let start = 0; start < split.count; start += batch) {
    const idx = Array.from({ length: Math.min(batch, split.count - start) }, (_, i) => start + i);
    const t = batchTensors(split, idx, classes);
    const maps = saliency(model)(t.images, t.labels);
    out.set(maps.dataSync() as Float32Array, start * px);
    tf.dispose([maps, t.images, t.heatmaps, t.labels]);
  }
  return out;
}

export function evaluateDemoModel(model: tf.LayersModel, mode: DemoMode, config: DemoConfig, test: DemoSplit, shortcutTest: DemoSplit) {
  const acc = accuracy(predictLabels(model, test, config.classes), test.labels);
  const shortcutAcc = accuracy(predictLabels(model, shortcutTest, config.classes), shortcutTest.labels);
  const px = test.size * test.size;
  const maps = explainSplit(model, test, config.classes);
  const humans = Array.from({ length: test.count }, (_, i) => test.heatmaps.subarray(i * px, (i + 1) * px));
  const ours = Array.from({ length: test.count }, (_, i) => maps.subarray(i * px, (i + 1) * px));
  const rhos = spearman(ours, humans);
  const finite = rhos.filter(Number.isFinite);
  let shareSum = 0;
  for (let i = 0; i < test.count; i++) {
    let onPatch = 0;
    let total = 0;
    for (let p = 0; p < px; p++) {
      const v = maps[i * px + p]!;
      total += v;
      if (test.shortcutMasks[i * px + p]) onPatch += v;
    }
    shareSum += total > 0 ? onPatch / total : 0;
  }
  return {
    mode,
    accuracy: acc,
    shortcutAccuracy: shortcutAcc,
    alignmentScore: alignmentScore(finite),
    spearmanMean: finite.reduce((a, b) => a + b, 0) / Math.max(finite.length, 1),
    shortcutSaliencyShare: shareSum / test.count,
    galleryMaps: maps.slice(0, Math.min(config.galleryRows, test.count) * px),
  };
}

/** Train then evaluate one model; the unit of work of a worker thread. */
export async function runDemoModel(
  mode: DemoMode,
  config: DemoConfig,
  data: { train: DemoSplit; test: DemoSplit; shortcutTest: DemoSplit },
  onStep?: TrainProgress,
  peer?: GradientPeer,
): Promise<DemoModelResult> {
  const model = await buildDemoModel(config);
  const t0 = performance.now();
  const finalLoss = await trainDemoModel(model, mode, config, data.train, onStep, peer);
  const t1 = performance.now();
  const evaluation = evaluateDemoModel(model, mode, config, data.test, data.shortcutTest);
  const t2 = performance.now();
  model.dispose();
  return { ...evaluation, finalLoss, trainSeconds: (t1 - t0) / 1000, evalSeconds: (t2 - t1) / 1000, backend: tf.getBackend() };
}

// `harmonize train`: a zoo or saved model on ClickMe shards, harmonized or baseline, with
// atomic checkpoints (weights, optimizer state, data position, RNG state) and exact resume.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { crossEntropyWithLogits, ensureHarmonizationGradients, trainStep, type HarmonizableModel, type TrainStepOptimizer } from '@harmonization/core-loss';
import { selectBackend } from '../backend/select-backend';
import type { CommonOptions } from '../program';
import { hasCheckpoint, loadCheckpoint, saveCheckpoint } from '../train/checkpoint';
import { ExampleStream, shardFiles } from '../train/example-stream';
import { openModel, saveModelAtomic } from '../train/model-source';
import { learningRate, type ScheduleName } from '../train/schedule';
import { evaluateShards } from '../train/evaluate-shards';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomic-write';
import { CliError, usageError } from '../util/cli-error';
import { Progress } from '../util/progress';
import { SeededRandom } from '../util/seeded-random';

export interface TrainOptions extends CommonOptions {
  model: string;
  data?: string;
  download: boolean;
  imageOnly?: string;
  clickmeRatio: number;
  mode: 'harmonized' | 'baseline';
  optimizer: 'sgd' | 'adam';
  lr: number;
  momentum: number;
  schedule: ScheduleName;
  warmup: number;
  lambdaHarmonization: number;
  lambdaWeights: number;
  labelSmoothing: number;
  batchSize: number;
  epochs: number;
  steps?: number;
  imageSize?: number;
  numClasses?: number;
  seed: number;
  out: string;
  checkpointEvery: number;
  resume: boolean;
  evalData?: string;
  evalEvery: number;
  evalLimit: number;
  blur: boolean;
}

async function countRecords(shards: string[]): Promise<number> {
  const { readTFRecords } = await import('@harmonization/datasets');
  let n = 0;
  for (const s of shards) for await (const _ of readTFRecords(s)) n++;
  return n;
}

function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const o = optimizer as unknown as { setLearningRate?: (lr: number) => void; learningRate: number };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

export async function trainCommand(opts: TrainOptions): Promise<void> {
  const progress = new Progress({ quiet: opts.quiet });
  const out = resolve(opts.out);
  const configPath = join(out, 'config.json');
  const ckptDir = join(out, 'checkpoints', 'latest');
  const metricsPath = join(out, 'metrics.jsonl');

  // A resume takes the run's saved configuration; flags that define the run must agree.
  let run: TrainOptions = opts;
  if (opts.resume) {
    if (!existsSync(configPath) || !hasCheckpoint(ckptDir)) throw new CliError(`--resume needs a previous run in ${out} (config.json and checkpoints/latest), found none.`);
    const saved = JSON.parse(readFileSync(configPath, 'utf8')) as TrainOptions;
    run = { ...saved, quiet: opts.quiet, backend: opts.backend, requireGpu: opts.requireGpu, resume: true };
  } else if (hasCheckpoint(ckptDir)) {
    throw usageError(`${out} already holds a run with checkpoints; pass --resume to continue it or choose another --out.`);
  }
  if (!run.data && !run.download) throw usageError('train needs --data <dir> (ClickMe-schema shards) or --download.');
  if (run.clickmeRatio <= 0 || run.clickmeRatio > 1) throw usageError(`--clickme-ratio must be in (0, 1], got ${run.clickmeRatio}.`);

  const backend = await selectBackend({ backend: opts.backend, requireGpu: opts.requireGpu });
  ensureHarmonizationGradients();
  progress.info(`backend: ${backend.backend}`);

  let shards: string[];
  if (run.data) {
    shards = shardFiles(run.data);
  } else {
    const { downloadClickMe } = await import('@harmonization/datasets');
    shards = await downloadClickMe({ split: 'train', onProgress: (p: { shard: number; filesDone: number; filesTotal: number }) => progress.info(`download shard ${p.shard} (${p.filesDone}/${p.filesTotal})`) });
  }
  const imageShards = run.imageOnly ? shardFiles(run.imageOnly) : null;

  const loaded = await openModel(run.model, { imageSize: run.imageSize, numClasses: run.numClasses, seed: run.seed });
  const { model } = loaded;
  const [height] = loaded.card.inputShape;
  const numClasses = loaded.card.numClasses;
  const size = height ?? 224;

  const records = await countRecords(shards);
  const stepsPerEpoch = Math.max(1, Math.floor(records / Math.max(run.clickmeRatio, 1e-9) / run.batchSize));
  const totalSteps = run.steps ?? run.epochs * stepsPerEpoch;

  const optimizer = run.optimizer === 'adam' ? tf.train.adam(run.lr) : tf.train.momentum(run.lr, run.momentum, true);
  const clickme = new ExampleStream({ shards, imageSize: size, numClasses, seed: run.seed, records, blur: run.blur });
  const images = imageShards ? new ExampleStream({ shards: imageShards, imageSize: size, numClasses, seed: run.seed + 7, records: await countRecords(imageShards), blur: run.blur }) : null;
  const rng = new SeededRandom(run.seed ^ 0x9e3779b9);
  let step = 0;

  if (opts.resume) {
    // Build the optimizer's slots with one zero-gradient application? No: setWeights creates them.
    const state = await loadCheckpoint(ckptDir, model, optimizer);
    step = state.step;
    rng.state = state.rngState;
    const pos = state.extra as { clickme: number; imageOnly: number } | undefined;
    await clickme.skip(pos?.clickme ?? 0);
    if (images) await images.skip(pos?.imageOnly ?? 0);
    // Keep the metrics log consistent with the checkpoint: drop lines past its step.
    if (existsSync(metricsPath)) {
      const kept = readFileSync(metricsPath, 'utf8')
        .split('\n')
        .filter((l) => l && (JSON.parse(l) as { step: number }).step <= step);
      writeFileAtomic(metricsPath, kept.map((l) => `${l}\n`).join(''));
    }
    progress.info(`resumed ${out} at step ${step}/${totalSteps}`);
  } else {
    const saved: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(run)) if (k !== '_args' && k !== 'config') saved[k] = v;
    // Absolute paths, so a resume works from any folder.
    for (const k of ['data', 'imageOnly', 'evalData', 'model'] as const) if (typeof run[k] === 'string' && existsSync(run[k] as string)) saved[k] = resolve(run[k] as string);
    writeJsonAtomic(configPath, saved);
    writeFileAtomic(metricsPath, '');
  }

  const task = progress.task(`train ${run.mode}`, totalSteps);
  task.update(step);
  const t0 = performance.now();
  while (step < totalSteps) {
    // Assemble one batch; each slot is ClickMe (token 1) or image-only (token 0) by the RNG.
    const parts: Array<{ image: tf.Tensor4D; heatmap: tf.Tensor3D; label: number; token: number }> = [];
    for (let i = 0; i < run.batchSize; i++) {
      const fromClickMe = !images || rng.next() < run.clickmeRatio;
      const e = fromClickMe ? await clickme.next() : await images!.next();
      parts.push({ ...e, token: fromClickMe ? 1 : 0 });
    }
    const lr = learningRate(run.schedule, run.lr, step, totalSteps, run.warmup);
    setLearningRate(optimizer, lr);
    const batch = tf.tidy(() => ({
      images: loaded.preprocess(tf.concat(parts.map((p) => p.image)) as tf.Tensor4D),
      heatmaps: tf.concat(parts.map((p) => p.heatmap)) as tf.Tensor3D,
      labels: tf.oneHot(tf.tensor1d(parts.map((p) => p.label), 'int32'), numClasses).toFloat() as tf.Tensor2D,
      tokens: tf.tensor1d(parts.map((p) => p.token)),
    }));
    tf.dispose(parts.flatMap((p) => [p.image, p.heatmap]));
    let loss: Record<string, number>;
    try {
      if (run.mode === 'harmonized') {
        loss = { ...trainStep(model as unknown as HarmonizableModel, optimizer as unknown as TrainStepOptimizer, batch, { lambdaHarmonization: run.lambdaHarmonization, lambdaWeights: run.lambdaWeights, labelSmoothing: run.labelSmoothing }) };
      } else {
        const value = optimizer.minimize(
          () => crossEntropyWithLogits(model.apply(batch.images, { training: true }) as tf.Tensor2D, batch.labels, run.labelSmoothing),
          true,
          model.trainableWeights.map((w) => w.read() as tf.Variable),
        );
        loss = { total: value!.dataSync()[0]!, crossEntropy: value!.dataSync()[0]! };
        value?.dispose();
      }
    } finally {
      tf.dispose(batch);
    }
    step++;
    const record: Record<string, unknown> = { step, lr, ...loss, seconds: (performance.now() - t0) / 1000 };
    if (run.evalData && (step % run.evalEvery === 0 || step === totalSteps)) {
      const ev = await evaluateShards(loaded, { data: run.evalData, limit: run.evalLimit, batchSize: run.batchSize, explainer: 'saliency', blur: run.blur });
      record.eval = { accuracy: ev.accuracy, alignmentScore: ev.alignmentScore, spearman: ev.spearman, count: ev.count };
    }
    appendFileSync(metricsPath, `${JSON.stringify(record)}\n`);
    if (step % run.checkpointEvery === 0 || step === totalSteps) {
      await saveCheckpoint(ckptDir, model, optimizer, {
        step,
        position: { epoch: Math.floor(clickme.consumed / Math.max(records, 1)), batch: step },
        rngState: rng.state,
        extra: { clickme: clickme.consumed, imageOnly: images?.consumed ?? 0 },
      });
    }
    task.update(step, `loss ${loss.total?.toFixed(4)}`);
  }
  task.stop();
  await clickme.close();
  await images?.close();
  await saveModelAtomic(join(out, 'model'), loaded);
  optimizer.dispose();
  progress.info(`model saved to ${join(out, 'model')}`);
}

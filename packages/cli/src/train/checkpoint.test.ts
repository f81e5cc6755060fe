import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint';

function tinyModel(seedWeights: number): tf.LayersModel {
  const m = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [3], activation: 'relu' }), tf.layers.dense({ units: 2 })] });
  m.setWeights(m.getWeights().map((w, i) => tf.randomUniform(w.shape, -0.5, 0.5, 'float32', seedWeights + i)));
  return m;
}

function step(model: tf.LayersModel, opt: tf.Optimizer, i: number): void {
  const x = tf.randomNormal([5, 3], 0, 1, 'float32', 100 + i);
  const y = tf.randomNormal([5, 2], 0, 1, 'float32', 200 + i);
  opt.minimize(() => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar, false, model.trainableWeights.map((w) => w.read() as tf.Variable));
  tf.dispose([x, y]);
}

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('checkpoints', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const [name, make] of [
    ['adam', () => tf.train.adam(0.01)],
    ['sgd-nesterov', () => tf.train.momentum(0.05, 0.9, true)],
  ] as const) {
    it(`${name}: save at step 7, load into fresh objects, continue → bit-identical to an uninterrupted run`, async () => {
      const dir = join(mkdtempSync(join(tmpdir(), 'harmonize-ckpt-')), 'latest');
      const a = tinyModel(1);
      const optA = make();
      for (let i = 0; i < 15; i++) step(a, optA, i);

      const b = tinyModel(1);
      const optB = make();
      for (let i = 0; i < 7; i++) step(b, optB, i);
      await saveCheckpoint(dir, b, optB, { step: 7, position: { epoch: 0, batch: 7 }, rngState: 1234, extra: { clickme: 56 } });
      expect(hasCheckpoint(dir)).toBe(true);
      expect(readdirSync(join(dir, '..')).filter((f) => f.includes('.tmp-'))).toEqual([]);

      const c = tinyModel(99); // different weights: all must come from the checkpoint
      const optC = make();
      const state = await loadCheckpoint(dir, c, optC);
      expect(state).toEqual({ step: 7, position: { epoch: 0, batch: 7 }, rngState: 1234, extra: { clickme: 56 } });
      for (let i = 7; i < 15; i++) step(c, optC, i);
      expect(weightsOf(c)).toEqual(weightsOf(a));
    });
  }

  it('refuses a checkpoint of another optimizer or model shape, in one sentence', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'harmonize-ckpt-')), 'latest');
    const m = tinyModel(1);
    const opt = tf.train.adam(0.01);
    step(m, opt, 0);
    await saveCheckpoint(dir, m, opt, { step: 1, position: { epoch: 0, batch: 1 }, rngState: 0 });
    await expect(loadCheckpoint(dir, tinyModel(2), tf.train.momentum(0.1, 0.9, true))).rejects.toThrow(/written with optimizer Adam, but this run uses Momentum/);
    const other = tf.sequential({ layers: [tf.layers.dense({ units: 5, inputShape: [3] }), tf.layers.dense({ units: 2 })] });
    await expect(loadCheckpoint(dir, other, tf.train.adam(0.01))).rejects.toThrow(/has shape \[3,4\] but the model's/);
    await expect(loadCheckpoint(join(dir, 'nope'), m, opt)).rejects.toThrow(/^No checkpoint in/);
  });
});

// The psychophysics benchmark on a fixture built here: stimuli whose revealed pixels carry the
// label's sign plus noise, and a model whose animal logit is the pixel sum, so the expected
// accuracy per level can be computed by hand from the pixels.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../internal/random';
import { humanCurve, minMaxNormalise } from './human-curve';
import { psychophysicsScore } from './psychophysics-score';
import { REVELATION_LEVELS, REVELATION_PERCENTAGES } from './revelation-levels';
import { runPsychophysics, type PsychophysicsBatch } from './run-psychophysics';

const S = 10; // 10x10 stimuli: 100 pixels, so level k reveals round(percentage) pixels
const K = 12;
const A = 5; // classes 0..4 are "animals" in this fixture
const PER_LEVEL = 8;

interface Stimulus {
  pixels: Float32Array; // one grey channel
  level: number;
  label: number;
}

function stimuli(): Stimulus[] {
  const random = seededRandom(99);
  const out: Stimulus[] = [];
  REVELATION_PERCENTAGES.forEach((pct, level) => {
    for (let s = 0; s < PER_LEVEL; s++) {
      const label = s % 2 === 0 ? s % A : A + (s % (K - A)); // half animals
      const sign = label < A ? 1 : -1;
      const pixels = new Float32Array(S * S);
      const revealed = Math.round(pct);
      for (let p = 0; p < revealed; p++) pixels[p] = sign + (random() * 2 - 1) * 2.5;
      out.push({ pixels, level, label });
    }
  });
  return out;
}

/** logits: class 0 = +mean pixel (preprocessed), class K-1 = −mean, the others 0. */
const model = (x: tf.Tensor4D) =>
  tf.tidy(() => {
    const s = tf.reshape(tf.mean(x, [1, 2, 3]), [-1, 1]);
    return tf.concat([s, tf.zeros([x.shape[0], K - 2]), tf.neg(s)], 1);
  });
const preprocess = (x: tf.Tensor4D) => tf.sub(tf.div(x, 255), 0); // a real (if trivial) rescale

function batchOf(list: Stimulus[], levelsAs: 'index' | 'name'): PsychophysicsBatch {
  const grey = tf.tensor4d(Float32Array.from(list.flatMap((s) => [...s.pixels].map((v) => v * 255))), [list.length, S, S, 1]);
  const images = tf.tile(grey, [1, 1, 1, 3]) as tf.Tensor4D; // the original stacks grey 3 times
  grey.dispose();
  return {
    images,
    levels: list.map((s) => (levelsAs === 'index' ? s.level : REVELATION_LEVELS[s.level]!)),
    labels: tf.tensor1d(list.map((s) => s.label), 'int32'),
  };
}

/** Expected accuracies from the pixels alone. */
function expected(list: Stimulus[]) {
  const acc = new Array(11).fill(0);
  const accMean = new Array(11).fill(0);
  for (const s of list) {
    const sum = s.pixels.reduce((t, v) => t + v, 0);
    const mean = Math.fround(sum / (S * S));
    // argmax: class 0 when the mean is ≥ 0 (first of ties), else class K-1.
    const taskAnimal = mean >= 0;
    const decisionAnimal = mean / A - -mean / (K - A) > 0;
    const isAnimal = s.label < A;
    if (taskAnimal === isAnimal) acc[s.level] += 1 / PER_LEVEL;
    if (decisionAnimal === isAnimal) accMean[s.level] += 1 / PER_LEVEL;
  }
  return { acc, accMean };
}

describe('runPsychophysics', () => {
  it('accuracy per revelation level and the decision_mean variant, over batches, without leaks', async () => {
    const list = stimuli();
    const want = expected(list);
    const before = tf.memory().numTensors;
    async function* batches() {
      for (let i = 0; i < list.length; i += 30) yield batchOf(list.slice(i, i + 30), i % 60 === 0 ? 'index' : 'name');
    }
    const curve = await runPsychophysics(model, { stimuli: batches(), preprocess, batchSize: 7, animalClasses: A });
    expect(tf.memory().numTensors).toBe(before);
    expect(curve.levels).toEqual([...REVELATION_LEVELS]);
    expect(curve.revelation).toEqual([...REVELATION_PERCENTAGES]);
    expect(curve.counts).toEqual(new Array(11).fill(PER_LEVEL));
    curve.accuracy.forEach((a, i) => expect(a).toBeCloseTo(want.acc[i], 12));
    curve.decisionMeanAccuracy.forEach((a, i) => expect(a).toBeCloseTo(want.accMean[i], 12));
    // The fixture works as intended: hardly better than chance at 1 %, perfect at 100 %.
    expect(curve.accuracy[10]).toBe(1);
    expect(curve.accuracy[0]).toBeLessThan(0.9);
    // One batch given directly gives the same curve.
    const single = await runPsychophysics({ model, preprocess }, { stimuli: batchOf(list, 'index'), animalClasses: A });
    expect(single).toEqual(curve);
  });

  it('rejects bad levels, a model with too few classes, and a missing preprocessing', async () => {
    const list = stimuli().slice(0, 3);
    const bad = { ...batchOf(list, 'index'), levels: [0, 11, 2] };
    await expect(runPsychophysics(model, { stimuli: bad, preprocess, animalClasses: A })).rejects.toThrow(
      "Error in runPsychophysics: a level must be an index 0..10 or one of '0', '10', …, '90', 'full', got 11.",
    );
    await expect(runPsychophysics(model, { stimuli: batchOf(list, 'index'), preprocess })).rejects.toThrow(
      'Error in runPsychophysics: the model must return logits [N,K] with K > 398, got [3,12].',
    );
    await expect(runPsychophysics(model, { stimuli: [] })).rejects.toThrow(/^Error in runPsychophysics: preprocess must be given/);
  });
});

describe('humanCurve', () => {
  it('groups trials by revelation, drops the full-image group, normalises', () => {
    const revelation = [1, 1, 1, 5, 5, 200, 200, 10, 10, 10, 10];
    const correct = [0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1];
    const h = humanCurve({ revelation, correct });
    expect(h.revelation).toEqual([1, 5, 10]);
    expect(h.mean).toEqual([1 / 3, 1, 0.75]);
    expect(h.std[0]).toBeCloseTo(Math.sqrt(1 / 3), 12);
    expect(h.std[2]).toBeCloseTo(0.5, 12);
    expect(h.normalised).toEqual([0, 1, (0.75 - 1 / 3) / (1 - 1 / 3)]);
    expect(humanCurve({ revelation, correct }, { dropLast: false }).revelation).toEqual([1, 5, 10, 200]);
  });
});

describe('psychophysicsScore', () => {
  const accuracy = [0.5, 0.52, 0.55, 0.6, 0.58, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97];
  it('scores the MODEL curve: a constant offset δ from the human curve gives −log(δ²) exactly', () => {
    const human = minMaxNormalise(accuracy).map((v) => v + 0.1);
    const r = psychophysicsScore(accuracy, human, { iterations: 200, seed: 4 });
    expect(r.mean).toBeCloseTo(-Math.log(0.01), 10);
    expect(r.std).toBeLessThan(1e-9);
    expect(r.scores).toHaveLength(200);
    expect(r.normalisedModel[0]).toBe(0);
    expect(r.normalisedModel[10]).toBe(1);
  });
  it('bootstraps over the levels with a seed; closer curves score higher', () => {
    const human = minMaxNormalise([0.3, 0.35, 0.4, 0.5, 0.55, 0.7, 0.75, 0.85, 0.9, 0.95, 1]);
    const a = psychophysicsScore(accuracy, human, { seed: 1 });
    expect(psychophysicsScore(accuracy, human, { seed: 1 })).toEqual(a);
    expect(psychophysicsScore(accuracy, human, { seed: 2 }).mean).not.toBe(a.mean);
    expect(a.std).toBeGreaterThan(0);
    const far = psychophysicsScore(accuracy.map((_, i) => (i % 2 ? 0.5 : 0.9)), human, { seed: 1 });
    expect(a.mean).toBeGreaterThan(far.mean);
    // Around −log of the full-curve MSE.
    const mse = minMaxNormalise(accuracy).reduce((s, v, i) => s + (v - human[i]!) ** 2, 0) / 11;
    expect(Math.abs(a.mean - -Math.log(mse))).toBeLessThan(0.5);
  });
  it('takes a curve from runPsychophysics and picks the series', () => {
    const curve = {
      levels: [...REVELATION_LEVELS],
      revelation: [...REVELATION_PERCENTAGES],
      accuracy,
      decisionMeanAccuracy: [...accuracy].reverse(),
      counts: new Array(11).fill(1),
    };
    const human = minMaxNormalise(accuracy);
    expect(psychophysicsScore(curve, human, { iterations: 10 }).mean).toBe(Infinity);
    expect(psychophysicsScore(curve, human, { iterations: 10, series: 'decisionMeanAccuracy' }).mean).toBeLessThan(5);
    expect(() => psychophysicsScore(accuracy, human.slice(1))).toThrow(
      'Error in psychophysicsScore: the model and human curves must be non-empty arrays of the same length, got 11 values and 10 values.',
    );
  });
});

import * as tf from '@tensorflow/tfjs';
import { ensureHarmonizationGradients } from '@harmonization/core-loss';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend';
import { DEMO_DEFAULTS, type DemoConfig } from './demo-config';
import { makeDemoData } from './demo-data';
import { batchOrder, buildDemoModel, peerGradients, trainDemoModel, type GradientPeer } from './train-demo-model';

const config: DemoConfig = { ...DEMO_DEFAULTS, steps: 3, trainSize: 48, testSize: 8, imageSize: 16, seed: 5 };

describe('demo training', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
    ensureHarmonizationGradients();
  });

  it('shares one batch order and one initialisation between the two models', async () => {
    expect(batchOrder(1, 10, 4, 5)).toEqual(batchOrder(1, 10, 4, 5));
    const flat = batchOrder(1, 10, 4, 5).flat();
    expect(flat.slice(0, 8).sort()).toEqual([...new Set(flat.slice(0, 8))].sort()); // no repeats within an epoch
    const a = await buildDemoModel(config);
    const b = await buildDemoModel(config);
    expect(a.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(b.getWeights().map((w) => Array.from(w.dataSync())));
    expect(a.countParams()).toBe(16 * 27 + 16 + 32 * 144 + 32 + 64 * 288 + 64 + 64 * 2 * 2 * 6 + 6);
    a.dispose();
    b.dispose();
  });

  it('data-parallel harmonized steps (half the batch in a peer) equal the whole-batch steps', async () => {
    const data = await makeDemoData(config, null);
    const whole = await buildDemoModel(config);
    await trainDemoModel(whole, 'harmonized', config, data.train);

    const main = await buildDemoModel(config);
    const helper = await buildDemoModel(config);
    const peer: GradientPeer = { compute: async (weights, indices) => peerGradients(helper, config, data.train, weights, indices) };
    const before = tf.memory().numTensors;
    await trainDemoModel(main, 'harmonized', config, data.train, undefined, peer);
    // Adam state is the only thing allowed to stay (created on the first step): nothing per step
    const w1 = whole.getWeights().map((w) => Array.from(w.dataSync()));
    const w2 = main.getWeights().map((w) => Array.from(w.dataSync()));
    w1.forEach((layer, i) => layer.forEach((v, j) => expect(w2[i]![j]).toBeCloseTo(v, 4)));
    // and training moved the weights (the comparison is not between two untouched models)
    const init = await buildDemoModel(config);
    expect(init.getWeights()[0]!.dataSync()[0]).not.toBeCloseTo(w1[0]![0]!, 6);
    expect(tf.memory().numTensors - before).toBeLessThan(10);
    [whole, main, helper, init].forEach((m) => m.dispose());
  });
});

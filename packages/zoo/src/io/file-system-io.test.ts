// saveModel / loadModel round trips in the TensorFlow.js layers format, with custom layers, and the
// atomic replacement and error cases of the filesystem IOHandler.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedDropout, KerasGlobalPooling2D, registerKerasLayers } from '../keras/custom-layers';
import { buildTinyResNet } from '../models/resnet';
import { buildViT } from '../models/vit';
import { loadModel } from './load-model';
import { saveModel } from './save-model';

const work = mkdtempSync(join(tmpdir(), 'zoo-io-test-'));

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function expectSamePredictions(a: tfl.LayersModel, b: tfl.LayersModel, shape: number[]): Promise<void> {
  const x = tf.randomNormal(shape, 0, 1, 'float32', 7);
  const ya = a.predict(x) as tf.Tensor;
  const yb = b.predict(x) as tf.Tensor;
  expect(yb.shape).toEqual(ya.shape);
  expect(Array.from(yb.dataSync())).toEqual(Array.from(ya.dataSync()));
  tf.dispose([x, ya, yb]);
}

describe('saveModel / loadModel', () => {
  it('round-trips a BN residual network: same layers, weights and predictions', async () => {
    const model = buildTinyResNet({ inputShape: [16, 16, 3], numClasses: 5 });
    const dir = join(work, 'tiny_resnet');
    const result = await saveModel(model, dir, { shardBytes: 64 * 1024 });
    expect(result.modelArtifactsInfo.weightDataBytes).toBe(model.countParams() * 4);
    const files = readdirSync(dir).sort();
    expect(files).toContain('model.json');
    expect(files.filter((f) => f.endsWith('.bin')).length).toBe(Math.ceil((model.countParams() * 4) / (64 * 1024)));
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { format: string; weightsManifest: Array<{ paths: string[] }> };
    expect(json.format).toBe('layers-model');
    const loaded = await loadModel(dir);
    expect(loaded.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
    expect(loaded.countParams()).toBe(model.countParams());
    await expectSamePredictions(model, loaded, [2, 16, 16, 3]);
    model.dispose();
    loaded.dispose();
  });

  it('round-trips custom layers (the Keras-import layers and the transformer layers)', async () => {
    registerKerasLayers();
    const input = tfl.input({ shape: [8, 8, 3] });
    let y = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'c' }).apply(input) as tfl.SymbolicTensor;
    y = new FixedDropout({ rate: 0.2, noiseShape: [null, 1, 1, 1], name: 'fd' }).apply(y) as tfl.SymbolicTensor;
    y = new KerasGlobalPooling2D({ keepdims: true, name: 'gap' }).apply(y) as tfl.SymbolicTensor;
    y = tfl.layers.flatten().apply(y) as tfl.SymbolicTensor;
    const keras = tfl.model({ inputs: input, outputs: y });
    const dir1 = join(work, 'keras_custom');
    await saveModel(keras, dir1);
    const keras2 = await loadModel(dir1);
    expect(keras2.layers.map((l) => l.getClassName())).toContain('FixedDropout');
    expect(keras2.layers.map((l) => l.getClassName())).toContain('KerasGlobalPooling2D');
    await expectSamePredictions(keras, keras2, [2, 8, 8, 3]);

    const vit = buildViT({ inputShape: [16, 16, 3], numClasses: 3, patchSize: 8, hiddenSize: 16, depth: 1, numHeads: 2, mlpDim: 8 });
    const dir2 = join(work, 'vit');
    await saveModel(vit, dir2);
    const vit2 = await loadModel(dir2);
    await expectSamePredictions(vit, vit2, [2, 16, 16, 3]);
    keras.dispose();
    keras2.dispose();
    vit.dispose();
    vit2.dispose();
  });

  it('replaces a previous model atomically and leaves no temporary folder', async () => {
    const dir = join(work, 'replace');
    const a = buildTinyResNet({ inputShape: [8, 8, 3], numClasses: 2 });
    const b = buildTinyResNet({ inputShape: [8, 8, 3], numClasses: 3 });
    await saveModel(a, dir);
    await saveModel(b, dir);
    const loaded = await loadModel(dir);
    expect(loaded.outputs[0]!.shape).toEqual([null, 3]);
    expect(readdirSync(work).filter((f) => f.includes('.tmp-') || f.includes('.old-'))).toEqual([]);
    a.dispose();
    b.dispose();
    loaded.dispose();
  });

  it('refuses to replace a folder that is not a saved model', async () => {
    const dir = join(work, 'precious');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    const model = buildTinyResNet({ inputShape: [8, 8, 3], numClasses: 2 });
    await expect(saveModel(model, dir)).rejects.toThrow(`Error in saveModel: '${dir}' exists and is not a saved model folder (no model.json); refusing to replace it.`);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('keep me');
    model.dispose();
  });

  it('says what is wrong with a missing, corrupt or truncated model folder', async () => {
    await expect(loadModel(join(work, 'nope'))).rejects.toThrow(
      `Error in loadModel: dir must hold a model.json written by saveModel, but '${join(work, 'nope', 'model.json')}' cannot be read (ENOENT).`,
    );
    const dir = join(work, 'broken');
    const model = buildTinyResNet({ inputShape: [8, 8, 3], numClasses: 2 });
    await saveModel(model, dir);
    const shard = readdirSync(dir).find((f) => f.endsWith('.bin')) as string;
    truncateSync(join(dir, shard), 100);
    await expect(loadModel(dir)).rejects.toThrow(/^Error in loadModel: the weight shards in '.*broken' hold 100 bytes but model\.json describes \d+ \(truncated or mixed files\)\.$/);
    writeFileSync(join(dir, 'model.json'), '{"modelTopology": ');
    await expect(loadModel(dir)).rejects.toThrow(`Error in loadModel: '${join(dir, 'model.json')}' is not valid JSON (truncated or corrupt).`);
    rmSync(join(dir, 'model.json'));
    expect(existsSync(dir)).toBe(true);
    model.dispose();
  });
});

// createModel end to end: weights fetched from a local HTTP server through the datasets downloader,
// the sha256 recorded on first download and verified afterwards, bad files deleted, offline mode,
// class-count changes, local weight files, and the layout choice by layer names.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveKerasH5Weights } from '../keras/save-keras-h5-weights';
import { buildResNet50, buildResNet50V2, buildTinyResNet } from '../models/resnet';
import { buildTinyVGG } from '../models/vgg';
import { createModel } from './create-model';
import { IMAGENET_PREPROCESSING } from './preprocess';
import { getModelEntry, registerModel } from './registry';
import type { ModelEntry, PretrainedConfig } from './types';

const work = mkdtempSync(join(tmpdir(), 'zoo-create-test-'));
let server: Server;
let baseUrl = '';
let requests = 0;
const served = new Map<string, Uint8Array>();
let source: tfl.LayersModel;
let goodBytes: Uint8Array;
let otherBytes: Uint8Array;

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function config(fileName: string, extra: Partial<PretrainedConfig> = {}): PretrainedConfig {
  return {
    tag: 'test',
    url: `${baseUrl}/${fileName}`,
    fileName,
    format: 'keras-h5-weights',
    inputShape: [32, 32, 3],
    numClasses: 6,
    preprocessing: IMAGENET_PREPROCESSING,
    licence: 'test',
    origin: 'written by this test',
    ...extra,
  };
}

function entry(pretrained: PretrainedConfig): ModelEntry {
  return {
    builder: buildTinyVGG,
    description: 'test',
    defaultInputShape: [32, 32, 3],
    defaultNumClasses: 6,
    minInputSize: 8,
    classifier: 'predictions',
    preprocessing: IMAGENET_PREPROCESSING,
    pretrained: { test: pretrained },
  };
}

function samePredictions(a: tfl.LayersModel, b: tfl.LayersModel): boolean {
  return tf.tidy(() => {
    const x = tf.randomNormal([2, 32, 32, 3], 0, 1, 'float32', 11);
    return tf.max(tf.abs(tf.sub(a.predict(x) as tf.Tensor, b.predict(x) as tf.Tensor))).dataSync()[0] === 0;
  });
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  source = buildTinyVGG({ inputShape: [32, 32, 3], numClasses: 6 });
  await saveKerasH5Weights(source, join(work, 'good.h5'));
  goodBytes = new Uint8Array(readFileSync(join(work, 'good.h5')));
  const other = buildTinyVGG({ inputShape: [32, 32, 3], numClasses: 6 });
  await saveKerasH5Weights(other, join(work, 'other.h5'));
  otherBytes = new Uint8Array(readFileSync(join(work, 'other.h5')));
  other.dispose();
  server = createServer((req, res) => {
    requests += 1;
    const body = served.get(req.url ?? '');
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' }).end(Buffer.from(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  source.dispose();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(work, { recursive: true, force: true });
});

describe('createModel with pretrained weights over HTTP', () => {
  it('downloads, records the sha256, then verifies the cache against it; a tampered cache is fetched again', async () => {
    served.set('/tofu.h5', goodBytes);
    registerModel('test_tofu', entry(config('tofu.h5')));
    const cacheDir = join(work, 'cache-tofu');
    const start = requests;
    const a = await createModel('test_tofu.test', { pretrained: true, cacheDir });
    expect(requests - start).toBe(1);
    expect(samePredictions(a, source)).toBe(true);
    expect(readFileSync(join(cacheDir, 'tofu.h5.sha256'), 'utf8')).toBe(`${sha256(goodBytes)}  tofu.h5\n`);

    const b = await createModel('test_tofu.test', { pretrained: true, cacheDir });
    expect(requests - start).toBe(1);
    expect(samePredictions(b, source)).toBe(true);

    const damaged = new Uint8Array(goodBytes);
    damaged[damaged.length - 10] = (damaged[damaged.length - 10]! + 1) % 256;
    writeFileSync(join(cacheDir, 'tofu.h5'), damaged);
    const c = await createModel('test_tofu.test', { pretrained: true, cacheDir });
    expect(requests - start).toBe(2);
    expect(samePredictions(c, source)).toBe(true);
    a.dispose();
    b.dispose();
    c.dispose();
  });

  it('deletes a download whose sha256 differs from the recorded one, and says so', async () => {
    served.set('/changed.h5', goodBytes);
    registerModel('test_changed', entry(config('changed.h5')));
    const cacheDir = join(work, 'cache-changed');
    (await createModel('test_changed', { pretrained: true, cacheDir })).dispose();
    rmSync(join(cacheDir, 'changed.h5'));
    served.set('/changed.h5', otherBytes);
    await expect(createModel('test_changed', { pretrained: true, cacheDir })).rejects.toThrow(
      `Error in fetchPretrainedWeights (changed.h5): ${baseUrl}/changed.h5 has sha256 ${sha256(otherBytes)}, expected ${sha256(goodBytes)}; the bad file was deleted. (the expected sha256 is the one recorded at the first download, in ${join(cacheDir, 'changed.h5.sha256')})`,
    );
    expect(existsSync(join(cacheDir, 'changed.h5'))).toBe(false);
  });

  it('deletes a download that fails a published sha256', async () => {
    served.set('/published.h5', otherBytes);
    registerModel('test_published', entry(config('published.h5', { sha256: sha256(goodBytes) })));
    const cacheDir = join(work, 'cache-published');
    await expect(createModel('test_published', { pretrained: true, cacheDir })).rejects.toThrow('; the bad file was deleted.');
    expect(existsSync(join(cacheDir, 'published.h5'))).toBe(false);
    expect(existsSync(join(cacheDir, 'published.h5.sha256'))).toBe(false);
  });

  it('offline with an empty cache fails without a request', async () => {
    registerModel('test_offline', entry(config('offline.h5')));
    const start = requests;
    await expect(createModel('test_offline', { pretrained: true, cacheDir: join(work, 'cache-offline'), offline: true })).rejects.toThrow(
      /^Error in fetchPretrainedWeights \(offline\.h5\): offline mode and .*offline\.h5 is not in the cache/,
    );
    expect(requests).toBe(start);
  });

  it('keeps the classifier freshly initialised when numClasses differs from the weights', async () => {
    served.set('/classes.h5', goodBytes);
    registerModel('test_classes', entry(config('classes.h5')));
    const model = await createModel('test_classes', { pretrained: true, numClasses: 3, cacheDir: join(work, 'cache-classes') });
    expect(model.outputs[0]!.shape).toEqual([null, 3]);
    const conv = model.getLayer('block1_conv1').getWeights()[0]!;
    const want = source.getLayer('block1_conv1').getWeights()[0]!;
    expect(Array.from(conv.dataSync())).toEqual(Array.from(want.dataSync()));
    model.dispose();
  });
});

describe('createModel with local files and without weights', () => {
  it('attaches the entry\'s preprocessing to the model it creates (ImageNet mean/std for tiny_vgg)', async () => {
    const model = await createModel('tiny_vgg');
    const x = tf.fill([1, 1, 1, 3], 255);
    const y = model.preprocess(x).dataSync();
    // (255/255 − mean) / std with the ImageNet constants.
    expect(y[0]).toBeCloseTo((1 - 0.485) / 0.229, 5);
    expect(y[2]).toBeCloseTo((1 - 0.406) / 0.225, 5);
    tf.dispose(x);
    model.dispose();
  });

  it('builds without weights by default, at the entry defaults or the given shape', async () => {
    const m = await createModel('tiny_vgg');
    expect(m.inputs[0]!.shape).toEqual([null, 32, 32, 3]);
    expect(m.countParams()).toBe(29_734);
    const n = await createModel('tiny_resnet', { inputShape: [24, 24, 3], numClasses: 4 });
    expect(n.outputs[0]!.shape).toEqual([null, 4]);
    m.dispose();
    n.dispose();
  });

  it('loads a local weights file, and refuses one of another architecture', async () => {
    const model = await createModel('tiny_vgg', { weightsPath: join(work, 'good.h5') });
    expect(samePredictions(model, source)).toBe(true);
    model.dispose();
    await expect(createModel('tiny_resnet', { weightsPath: join(work, 'good.h5') })).rejects.toThrow(
      /^Error in loadKerasH5Weights: .*good\.h5 does not fit model 'tiny_resnet': none of the model's 19 weight-holding layers .*wrong architecture for this weights file\?$/,
    );
  });

  it('unknown names suggest close ones; models without weights say so', async () => {
    await expect(createModel('tiny_vg')).rejects.toThrow("Error in createModel: unknown model 'tiny_vg'. Did you mean 'tiny_vgg'");
    await expect(createModel('tiny_vgg', { pretrained: true })).rejects.toThrow("Error in createModel: model 'tiny_vgg' has no pretrained weights.");
  });

  it('builds the layout whose layer names the file holds', async () => {
    const layouts: ModelEntry = {
      ...entry(config('unused.h5')),
      builder: buildTinyVGG,
      layouts: [
        { name: 'tiny_resnet', builder: buildTinyResNet, markers: ['conv1_bn'] },
        { name: 'tiny_vgg', builder: buildTinyVGG, markers: ['block1_conv1'] },
      ],
    };
    registerModel('test_layouts', layouts);
    const resnet = buildTinyResNet({ inputShape: [32, 32, 3], numClasses: 6 });
    await saveKerasH5Weights(resnet, join(work, 'resnet.h5'));
    const loaded = await createModel('test_layouts', { weightsPath: join(work, 'resnet.h5') });
    expect(loaded.layers.some((l) => l.name === 'conv1_bn')).toBe(true);
    expect(samePredictions(loaded, resnet)).toBe(true);
    resnet.dispose();
    loaded.dispose();
  });

  it('loads a classifier stored under an alias name', async () => {
    const renamed = buildTinyVGG({ inputShape: [32, 32, 3], numClasses: 6 });
    // The same network with its head named `probs` (as keras_applications' ResNets name it).
    const head = tfl.layers.dense({ units: 6, name: 'probs' });
    const features = renamed.getLayer('flatten').output as tfl.SymbolicTensor;
    const probsModel = tfl.model({ inputs: renamed.inputs, outputs: head.apply(features) as tfl.SymbolicTensor });
    await saveKerasH5Weights(probsModel, join(work, 'probs.h5'));
    registerModel('test_alias', { ...entry(config('unused.h5')), classifierAliases: ['probs'] });
    const loaded = await createModel('test_alias', { weightsPath: join(work, 'probs.h5') });
    expect(samePredictions(loaded, probsModel)).toBe(true);
    loaded.dispose();
    renamed.dispose();
  });

  it('the resnet50 entry tells v1 and v2 files apart by their marker layers', () => {
    const layouts = getModelEntry('resnet50').layouts ?? [];
    const v1 = buildResNet50({ inputShape: [32, 32, 3], numClasses: 2 });
    const v2 = buildResNet50V2({ inputShape: [32, 32, 3], numClasses: 2 });
    const has = (m: tfl.LayersModel, names: string[]) => names.every((n) => m.layers.some((l) => l.name === n));
    const v2Layout = layouts.find((l) => l.name === 'resnet50v2')!;
    const v1Layout = layouts.find((l) => l.name === 'resnet50')!;
    expect(has(v2, v2Layout.markers) && !has(v1, v2Layout.markers)).toBe(true);
    expect(has(v1, v1Layout.markers) && !has(v2, v1Layout.markers)).toBe(true);
    v1.dispose();
    v2.dispose();
  });
});

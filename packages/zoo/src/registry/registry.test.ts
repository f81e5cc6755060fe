import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTinyVGG } from '../models/vgg';
import { IMAGENET_PREPROCESSING } from './preprocess';
import { preprocess } from './preprocess-for';
import { getModelEntry, getPretrainedConfig, listModels, parseModelName, registerModel } from './registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('listModels', () => {
  it('lists the built-in architectures in natural order', () => {
    const all = listModels();
    for (const name of ['vgg16', 'resnet50', 'resnet50v2', 'efficientnet_b0', 'vit_b16', 'convnext_tiny', 'maxvit_tiny', 'levit_128', 'tiny_vgg', 'tiny_resnet']) {
      expect(all).toContain(name);
    }
    expect(all.indexOf('resnet50')).toBeLessThan(all.indexOf('resnet50v2'));
    expect([...all].sort()).toEqual([...all].sort());
  });
  it('filters with globs, one or several', () => {
    expect(listModels('resnet*')).toEqual(['resnet50', 'resnet50v2']);
    expect(listModels(['tiny_*', 'vgg*'])).toEqual(['tiny_resnet', 'tiny_vgg', 'vgg16']);
    expect(listModels('nothing*')).toEqual([]);
  });
  it('lists pretrained arch.tag names', () => {
    const tagged = listModels('*.harmonized', { pretrained: true });
    expect(tagged).toContain('resnet50.harmonized');
    expect(tagged).toContain('vgg16.harmonized');
    expect(tagged).not.toContain('tiny_vgg.harmonized');
    expect(tagged).toHaveLength(7);
    expect(getPretrainedConfig('levit_128').fileName).toBe('levit_small_harmonized.h5');
    expect(getPretrainedConfig('convnext_tiny').url).toBe('https://storage.googleapis.com/serrelab/prj_harmonization/models/convnext_tiny_harmonized.h5');
  });
});

describe('getPretrainedConfig', () => {
  it('holds the bucket URL, format, input size, classes, preprocessing, licence and origin', () => {
    const c = getPretrainedConfig('resnet50.harmonized');
    expect(c.url).toBe('https://storage.googleapis.com/serrelab/prj_harmonization/models/resnet50v2_harmonized.h5');
    expect(c.format).toBe('keras-h5-full');
    expect(c.inputShape).toEqual([224, 224, 3]);
    expect(c.numClasses).toBe(1000);
    expect(c.preprocessing).toEqual(IMAGENET_PREPROCESSING);
    expect(c.licence).toMatch(/MIT/);
    expect(c.origin).toMatch(/load_ResNet50/);
    expect(c.sha256).toBeUndefined();
    expect(getPretrainedConfig('vit_b16').format).toBe('keras-h5-weights');
    expect(getPretrainedConfig('vgg16').fileName).toBe('vgg16_harmonized.h5');
  });
  it('rejects unknown tags and models without weights', () => {
    expect(() => getPretrainedConfig('resnet50.imagenet')).toThrow(
      "Error in getPretrainedConfig: model 'resnet50' has no pretrained tag 'imagenet'; available: 'resnet50.harmonized'.",
    );
    expect(() => getPretrainedConfig('tiny_vgg')).toThrow("Error in getPretrainedConfig: model 'tiny_vgg' has no pretrained weights.");
  });
});

describe('unknown names', () => {
  it('suggest close names', () => {
    expect(() => getModelEntry('resnet5')).toThrow("Error in getModelEntry: unknown model 'resnet5'. Did you mean 'resnet50'");
    expect(() => getModelEntry('efficientnet-b0')).toThrow("Did you mean 'efficientnet_b0'?");
    expect(() => getModelEntry('resnt50.harmonized')).toThrow("Did you mean 'resnet50.harmonized'?");
    expect(() => getModelEntry('zzzzzzzzzz')).toThrow("Error in getModelEntry: unknown model 'zzzzzzzzzz'. See listModels().");
  });
});

describe('registerModel', () => {
  const entry = { ...getModelEntry('tiny_vgg'), builder: buildTinyVGG };
  it('adds a model that listModels and getModelEntry then see', () => {
    registerModel('test_only_vgg', entry);
    expect(listModels('test_only_*')).toEqual(['test_only_vgg']);
    expect(getModelEntry('test_only_vgg').builder).toBe(buildTinyVGG);
  });
  it('refuses duplicates and malformed names', () => {
    expect(() => registerModel('tiny_vgg', entry)).toThrow("Error in registerModel: name 'tiny_vgg' is already registered");
    expect(() => registerModel('bad.name', entry)).toThrow('Error in registerModel: name must match');
    expect(() => registerModel('no_builder', { ...entry, builder: undefined as never })).toThrow(
      "Error in registerModel: entry.builder of 'no_builder' must be a function (options) => LayersModel, got undefined.",
    );
    registerModel('tiny_vgg', entry, { override: true });
  });
  it('parses arch.tag', () => {
    expect(parseModelName('vit_b16.harmonized')).toEqual({ arch: 'vit_b16', tag: 'harmonized' });
    expect(parseModelName('vit_b16')).toEqual({ arch: 'vit_b16', tag: undefined });
  });
});

describe('preprocess', () => {
  it('maps RGB [0, 255] to (x/255 - mean)/std per channel', () => {
    const f = preprocess('resnet50.harmonized');
    const x = tf.tensor4d([0, 127.5, 255, 255, 0, 51], [1, 1, 2, 3]);
    const y = f(x);
    const m = [0.485, 0.456, 0.406];
    const s = [0.229, 0.224, 0.225];
    const want = [0, 127.5, 255, 255, 0, 51].map((v, i) => (v / 255 - (m[i % 3] as number)) / (s[i % 3] as number));
    const got = Array.from(y.dataSync());
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i] as number, 5));
    expect(y.shape).toEqual([1, 1, 2, 3]);
    tf.dispose([x, y]);
  });
  it('rejects images that are not RGB and leaks nothing', () => {
    const f = preprocess('vgg16');
    const before = tf.memory().numTensors;
    const x = tf.zeros([1, 4, 4, 1]);
    expect(() => f(x)).toThrow('Error in preprocess: images must be [batch, height, width, 3] or [height, width, 3] RGB in [0, 255], got shape [1, 4, 4, 1].');
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

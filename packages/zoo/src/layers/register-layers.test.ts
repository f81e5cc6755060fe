import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { useBackend } from '@harmonization/test-support';
import { registerZooLayers, ZOO_LAYER_CLASSES } from './register-layers';
import { buildViT } from '../models/vit';
import { buildConvNeXt } from '../models/convnext';
import { buildMaxViT } from '../models/maxvit';
import { buildLeViT } from '../models/levit';

/** Saves to memory in the TensorFlow.js format (model.json + weights) and loads it back. */
async function roundTrip(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  // Through JSON text, as a model.json file would be.
  const topology = JSON.parse(JSON.stringify(saved?.modelTopology)) as object;
  return tfl.loadLayersModel(tf.io.fromMemory(topology, saved?.weightSpecs, saved?.weightData));
}

const builders: Array<[string, () => tfl.LayersModel, [number, number, number]]> = [
  ['ViT', () => buildViT({ patchSize: 8, hiddenSize: 16, depth: 1, numHeads: 2, mlpDim: 32, inputShape: [16, 16, 3], numClasses: 3 }), [16, 16, 3]],
  ['ConvNeXt', () => buildConvNeXt({ depths: [1, 1], widths: [8, 16], inputShape: [16, 16, 3], numClasses: 3 }), [16, 16, 3]],
  ['MaxViT', () => buildMaxViT({ depths: [1, 1], widths: [16, 32], stemWidth: 8, headDim: 8, windowRatio: 8, inputShape: [32, 32, 3], numClasses: 3 }), [32, 32, 3]],
  ['LeViT', () => buildLeViT({ stemWidth: 16, widths: [32, 32], numHeads: [2, 3], depths: [1, 1], keyDims: [8, 8], attnRatios: [2, 2], mlpRatios: [1, 1], strides: [2, 0], inputShape: [64, 64, 3], numClasses: 3 }), [64, 64, 3]],
];

describe('registerZooLayers', () => {
  beforeAll(async () => {
    await useBackend('cpu');
    registerZooLayers();
  });

  it('registers every custom layer class under its className', () => {
    const map = tf.serialization.SerializationMap.getMap().classNameMap;
    for (const cls of ZOO_LAYER_CLASSES) {
      expect(map[cls.className]?.[0], cls.className).toBe(cls);
    }
  });

  it.each(builders)('%s survives save / load in the TensorFlow.js format with equal outputs and weight names', async (_name, build, shape) => {
    const model = build();
    // Random values everywhere (zero-initialised biases and tables too), so the check is not trivial.
    for (const w of model.weights) {
      if (!w.originalName.endsWith('moving_variance')) w.write(tf.mul(tf.randomNormal(w.shape as number[]), 0.2));
    }
    const loaded = await roundTrip(model);
    expect(loaded.weights.map((w) => w.originalName)).toEqual(model.weights.map((w) => w.originalName));
    const x = tf.randomNormal([2, ...shape]);
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(b.shape).toEqual(a.shape);
    const maxDiff = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);
    expect(maxDiff).toBe(0);
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('rebuilds each custom layer from its own config', () => {
    const model = builders[2]?.[1]() as tfl.LayersModel; // MaxViT holds most of the custom layers
    const vit = builders[0]?.[1]() as tfl.LayersModel;
    const levit = builders[3]?.[1]() as tfl.LayersModel;
    const custom = [...model.layers, ...vit.layers, ...levit.layers].filter((l) => ZOO_LAYER_CLASSES.some((c) => l instanceof c));
    const seen = new Set(custom.map((l) => l.getClassName()));
    expect([...seen].sort()).toEqual(ZOO_LAYER_CLASSES.map((c) => c.className).filter((n) => n !== 'ChannelAffine').sort());
    for (const layer of custom) {
      const config = layer.getConfig();
      const entry = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()];
      expect(entry, layer.getClassName()).toBeDefined();
      const [cls, fromConfig] = entry as [tf.serialization.SerializableConstructor<tf.serialization.Serializable>, tf.serialization.FromConfigMethod<tf.serialization.Serializable>];
      const copy = fromConfig(cls, JSON.parse(JSON.stringify(config)) as tf.serialization.ConfigDict) as tfl.layers.Layer;
      expect(copy.getConfig(), layer.name).toEqual(config);
    }
    [model, vit, levit].forEach((m) => m.dispose());
  });
});

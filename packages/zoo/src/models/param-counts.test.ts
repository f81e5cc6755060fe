// Parameter counts at the published input size (224×224×3, 1000 classes) against the numbers the
// papers / Keras report. Builds each big model once (VGG16 alone allocates 553 MB of weights).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { getModelEntry, listModels } from '../registry/registry';

/** Published counts (millions) as the papers / model cards round them. */
const PUBLISHED_MILLIONS: Record<string, number> = {
  vgg16: 138,
  resnet50: 25.6,
  resnet50v2: 25.6,
  efficientnet_b0: 5.3,
  vit_b16: 86,
  convnext_tiny: 28.6,
  maxvit_tiny: 31,
  // LeViT-128's 9.2 M includes the distillation head (BN 768 + Dense 385,000), which the
  // harmonized model was built without (use_distillation=False).
  levit_128: 9.2 - 0.385768,
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('parameter counts', () => {
  const names = listModels().filter((n) => getModelEntry(n).publishedParams !== undefined);

  it.each(names)('%s matches its recorded count, and the published one within 2 percent', (name) => {
    const entry = getModelEntry(name);
    const model = entry.builder({ inputShape: entry.defaultInputShape, numClasses: entry.defaultNumClasses });
    const count = model.countParams();
    model.dispose();
    expect(count).toBe(entry.publishedParams);
    const published = PUBLISHED_MILLIONS[name];
    if (published !== undefined) expect(Math.abs(count / 1e6 - published) / published).toBeLessThan(0.02);
  });

  it('covers the seven architectures of the original that are registered', () => {
    const registered = Object.keys(PUBLISHED_MILLIONS).filter((n) => listModels().includes(n));
    expect(registered).toEqual(expect.arrayContaining(['vgg16', 'resnet50', 'efficientnet_b0', 'vit_b16', 'convnext_tiny', 'maxvit_tiny', 'levit_128']));
  });

  it('tiny_vgg is exactly the 29,734-parameter demo network', () => {
    const model = getModelEntry('tiny_vgg').builder({ inputShape: [32, 32, 3], numClasses: 6 });
    expect(model.countParams()).toBe(29_734);
    expect(model.layers.map((l) => l.getClassName())).toEqual([
      'InputLayer', 'Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense',
    ]);
    model.dispose();
  });
});

import type * as tf from '@tensorflow/tfjs-core';
import { makePreprocess } from './preprocess';
import { getModelEntry, parseModelName } from './registry';

/**
 * The input preprocessing of a registered model (`arch` or `arch.tag`): a function taking RGB
 * images in [0, 255], [batch, h, w, 3], and returning `(x/255 − mean)/std` (ImageNet mean/std for
 * every harmonized model, SPEC §5.1). Resizing is not included (the models take 224×224).
 */
export function preprocess(name: string): (images: tf.Tensor) => tf.Tensor {
  const entry = getModelEntry(name, 'preprocess');
  const { tag } = parseModelName(name);
  const config = tag !== undefined ? entry.pretrained[tag]?.preprocessing : undefined;
  return makePreprocess(config ?? entry.preprocessing, 'preprocess');
}

import * as tf from '@tensorflow/tfjs-core';
import { contiguousBlock } from './batch-arena';

/** One batch. The caller owns (and disposes) these four tensors. */
export interface ClickMeBatch {
  /** `[batch, imageH, imageW, 3]`, 0..255. */
  images: tf.Tensor4D;
  /** `[batch, heatmapH, heatmapW, 1]`, ≥ 0 (zeros for image-only examples). */
  heatmaps: tf.Tensor4D;
  /** `[batch, numClasses]` one-hot. */
  labels: tf.Tensor2D;
  /** `[batch]`: 1 for examples with a human map, 0 for image-only ones. */
  tokens: tf.Tensor1D;
}

export interface BatchItem {
  image: Float32Array;
  /** null: no human map (zeros). */
  heatmap: Float32Array | null;
  label: number;
  token: number;
}

/** Packs typed-array examples into the four batch tensors (no other tensors): images and heatmaps
 *  already laid out in one block (decoded into a BatchArena) are used as they are, others copied. */
export function makeClickMeBatch(
  items: readonly BatchItem[],
  shape: { imageSize: readonly [number, number]; heatmapSize: readonly [number, number]; numClasses: number },
): ClickMeBatch {
  const b = items.length;
  const [ih, iw] = shape.imageSize;
  const [hh, hw] = shape.heatmapSize;
  const imageLen = ih * iw * 3;
  const heatLen = hh * hw;
  const heatmapViews = items.map((ex) => ex.heatmap);
  const imagesInPlace = contiguousBlock(items.map((ex) => ex.image), imageLen);
  const heatmapsInPlace = heatmapViews.every((h) => h !== null) ? contiguousBlock(heatmapViews as Float32Array[], heatLen) : null;
  const copyImages = !imagesInPlace;
  const copyHeatmaps = !heatmapsInPlace;
  const images = imagesInPlace ?? new Float32Array(b * imageLen);
  const heatmaps = heatmapsInPlace ?? new Float32Array(b * heatLen);
  const labels = new Float32Array(b * shape.numClasses);
  const tokens = new Float32Array(b);
  items.forEach((ex, i) => {
    if (copyImages) images.set(ex.image, i * imageLen);
    if (copyHeatmaps && ex.heatmap) heatmaps.set(ex.heatmap, i * heatLen);
    labels[i * shape.numClasses + ex.label] = 1;
    tokens[i] = ex.token;
  });
  return {
    images: tf.tensor4d(images, [b, ih, iw, 3], 'float32'),
    heatmaps: tf.tensor4d(heatmaps, [b, hh, hw, 1], 'float32'),
    labels: tf.tensor2d(labels, [b, shape.numClasses], 'float32'),
    tokens: tf.tensor1d(tokens, 'float32'),
  };
}

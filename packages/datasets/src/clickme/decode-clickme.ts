import * as tf from '@tensorflow/tfjs-core';
import { decodeClickMeArrays } from './decode-clickme-arrays';
import type { ClickMeDecodeOptions } from './decode-options';
import { resolveDecodeOptions } from './decode-options';

/** A decoded ClickMe example as float32 tensors (the caller disposes them). */
export interface ClickMeExample {
  /** `[imageH, imageW, 3]`, values 0..255, no normalisation. */
  image: tf.Tensor3D;
  /** `[heatmapH, heatmapW, 1]`, values ≥ 0. */
  heatmap: tf.Tensor3D;
  /** `[numClasses]` one-hot. */
  label: tf.Tensor1D;
}

/**
 * Decodes one serialized ClickMe tf.train.Example exactly as the original (SPEC §2.3): image JPEG
 * → float32 → bilinear (half-pixel) to 224; heatmap JPEG → bilinear to 64 → 10×10 σ10 blur
 * (SAME, off-centre kernel) → bilinear to 224; label → one-hot 1000. Sizes via `options`.
 */
export async function decodeClickMe(recordBytes: Uint8Array, options: ClickMeDecodeOptions = {}): Promise<ClickMeExample> {
  const o = resolveDecodeOptions('decodeClickMe', options);
  const ex = await decodeClickMeArrays(recordBytes, o);
  const oneHot = new Float32Array(o.numClasses);
  oneHot[ex.label] = 1;
  return {
    image: tf.tensor3d(ex.image, [o.imageSize[0], o.imageSize[1], 3], 'float32'),
    heatmap: tf.tensor3d(ex.heatmap, [o.heatmapSize[0], o.heatmapSize[1], 1], 'float32'),
    label: tf.tensor1d(oneHot, 'float32'),
  };
}

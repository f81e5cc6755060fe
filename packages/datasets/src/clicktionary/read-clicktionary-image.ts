import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';

/** Python's round(): halves go to the even neighbour (PIL crop boxes are rounded this way). */
function pyRound(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * One Clicktionary stimulus as the original feeds it to a model (SPEC §8 `run_images`): centre crop
 * to `size`×`size` with the box ((W−s)/2, (H−s)/2, (W+s)/2, (H+s)/2) rounded half-to-even and
 * clipped, the grey channel repeated 3 times. Values 0..255, no preprocessing.
 * @returns float32 [size, size, 3]
 */
export async function readClicktionaryImage(path: string, size = 224): Promise<tf.Tensor3D> {
  const image = sharp(path);
  const { width = 0, height = 0 } = await image.metadata();
  const left = pyRound(Math.max(0, (width - size) / 2));
  const top = pyRound(Math.max(0, (height - size) / 2));
  const right = pyRound(Math.min(width, (width + size) / 2));
  const bottom = pyRound(Math.min(height, (height + size) / 2));
  if (right - left !== size || bottom - top !== size) {
    throw new Error(`Error in readClicktionaryImage: ${path} must be at least ${size}x${size}, got ${width}x${height}.`);
  }
  const { data, info } = await image
    .extract({ left, top, width: size, height: size })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const out = new Float32Array(size * size * 3);
  const c = info.channels;
  for (let p = 0; p < size * size; p++) {
    if (c < 3) {
      const v = data[p * c]!;
      out[3 * p] = v;
      out[3 * p + 1] = v;
      out[3 * p + 2] = v;
    } else {
      out[3 * p] = data[p * c]!;
      out[3 * p + 1] = data[p * c + 1]!;
      out[3 * p + 2] = data[p * c + 2]!;
    }
  }
  return tf.tensor3d(out, [size, size, 3], 'float32');
}

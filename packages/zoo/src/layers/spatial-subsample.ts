// `x[:, ::s, ::s, :]` (kecam LeViT's strided queries) without StridedSlice: pad to a multiple
// of s, reshape and slice, whose gradients (slice ↔ pad) differentiate again.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Shape } from '@tensorflow/tfjs-layers/dist/keras_format/common';
import { dim, oneShape, oneTensor } from './inputs';

export interface SpatialSubsampleArgs extends LayerArgs {
  strides: number;
}

/** `[batch, H, W, C]` → `[batch, ⌈H/s⌉, ⌈W/s⌉, C]`, keeping rows and columns 0, s, 2s, … */
export class SpatialSubsample extends tfl.layers.Layer {
  static className = 'SpatialSubsample';
  readonly strides: number;

  constructor(args: SpatialSubsampleArgs) {
    super(args);
    if (!Number.isInteger(args.strides) || args.strides < 1) {
      throw new Error(`Error in SpatialSubsample: strides must be a positive integer, got ${args.strides}.`);
    }
    this.strides = args.strides;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = oneShape(inputShape, 'SpatialSubsample');
    if (shape.length !== 4) {
      throw new Error(`Error in SpatialSubsample: input must be rank 4 [batch, height, width, channels], got shape ${JSON.stringify(shape)}.`);
    }
    const s = this.strides;
    return [shape[0] ?? null, Math.ceil(dim(shape, 1, 'SpatialSubsample') / s), Math.ceil(dim(shape, 2, 'SpatialSubsample') / s), shape[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs, 'SpatialSubsample');
      const s = this.strides;
      if (s === 1) return tf.clone(x);
      const [b, h, w, c] = x.shape as [number, number, number, number];
      const ho = Math.ceil(h / s);
      const wo = Math.ceil(w / s);
      const padded = ho * s > h || wo * s > w ? tf.pad(x, [[0, 0], [0, ho * s - h], [0, wo * s - w], [0, 0]]) : x;
      const grid = tf.reshape(padded, [b, ho, s, wo, s, c]);
      return tf.reshape(tf.slice(grid, [0, 0, 0, 0, 0, 0], [b, ho, 1, wo, 1, c]), [b, ho, wo, c]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), strides: this.strides };
  }
}

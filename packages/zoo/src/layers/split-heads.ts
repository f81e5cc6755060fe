// One of query / key / value, cut out of a fused projection and laid out per head. Keras builds
// this from reshape / split / transpose ops between the named layers; tfjs needs a layer.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Shape } from '@tensorflow/tfjs-layers/dist/keras_format/common';
import { dim, oneShape, oneTensor } from './inputs';

export interface SplitHeadsArgs extends LayerArgs {
  numHeads: number;
  /** Per-head size of each part of the fused projection, e.g. [16, 16, 32] for q, k, v. */
  segments: number[];
  /** Which part to return. */
  index: number;
  /**
   * How the fused channels are ordered. `channels` (kecam CoAtNet/MaxViT): parts first, each
   * `heads × size` (split, then reshape to heads). `heads` (kecam LeViT): heads first, each
   * holding all parts (reshape to heads, then split).
   */
  layout: 'channels' | 'heads';
}

/** `[batch, ...spatial, heads · Σ segments]` → `[batch, heads, tokens, segments[index]]`. */
export class SplitHeads extends tfl.layers.Layer {
  static className = 'SplitHeads';
  readonly numHeads: number;
  readonly segments: number[];
  readonly index: number;
  readonly layout: 'channels' | 'heads';

  constructor(args: SplitHeadsArgs) {
    super(args);
    if (!Number.isInteger(args.numHeads) || args.numHeads < 1) {
      throw new Error(`Error in SplitHeads: numHeads must be a positive integer, got ${args.numHeads}.`);
    }
    if (!Array.isArray(args.segments) || args.segments.length === 0 || args.segments.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new Error(`Error in SplitHeads: segments must be positive integers, got ${JSON.stringify(args.segments)}.`);
    }
    if (!Number.isInteger(args.index) || args.index < 0 || args.index >= args.segments.length) {
      throw new Error(`Error in SplitHeads: index must be in [0, ${args.segments.length}), got ${args.index}.`);
    }
    if (args.layout !== 'channels' && args.layout !== 'heads') {
      throw new Error(`Error in SplitHeads: layout must be 'channels' or 'heads', got ${String(args.layout)}.`);
    }
    this.numHeads = args.numHeads;
    this.segments = [...args.segments];
    this.index = args.index;
    this.layout = args.layout;
  }

  private tokens(shape: Shape): number {
    const name = 'SplitHeads';
    if (shape.length < 3) {
      throw new Error(`Error in SplitHeads: input must be at least rank 3 [batch, ...spatial, channels], got shape ${JSON.stringify(shape)}.`);
    }
    const channels = dim(shape, -1, name);
    const total = this.numHeads * this.segments.reduce((a, b) => a + b, 0);
    if (channels !== total) {
      throw new Error(`Error in SplitHeads: input must have ${total} channels (${this.numHeads} heads × ${JSON.stringify(this.segments)}), got ${channels}.`);
    }
    let n = 1;
    for (let i = 1; i < shape.length - 1; i += 1) n *= dim(shape, i, name);
    return n;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = oneShape(inputShape, 'SplitHeads');
    return [shape[0] ?? null, this.numHeads, this.tokens(shape), this.segments[this.index] as number];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs, 'SplitHeads');
      const batch = x.shape[0] as number;
      const n = this.tokens(x.shape);
      const h = this.numHeads;
      const size = this.segments[this.index] as number;
      const before = this.segments.slice(0, this.index).reduce((a, b) => a + b, 0);
      const perHead = this.segments.reduce((a, b) => a + b, 0);
      const flat = tf.reshape(x, [batch, n, h * perHead]);
      let part: tf.Tensor;
      if (this.layout === 'channels') {
        part = tf.reshape(tf.slice(flat, [0, 0, h * before], [batch, n, h * size]), [batch, n, h, size]);
      } else {
        part = tf.slice(tf.reshape(flat, [batch, n, h, perHead]), [0, 0, 0, before], [batch, n, h, size]);
      }
      return tf.transpose(part, [0, 2, 1, 3]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), numHeads: this.numHeads, segments: [...this.segments], index: this.index, layout: this.layout };
  }
}

// Scaled dot-product scores between per-head queries and keys (a Keras matmul op in kecam).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Shape } from '@tensorflow/tfjs-layers/dist/keras_format/common';
import { twoShapes, twoTensors } from './inputs';

export interface AttentionScoresArgs extends LayerArgs {
  /** Factor applied to q·kᵀ, usually 1/√(key size). */
  scale: number;
}

/** `[q [batch, heads, nq, d], k [batch, heads, nk, d]]` → `q·kᵀ·scale` `[batch, heads, nq, nk]`. */
export class AttentionScores extends tfl.layers.Layer {
  static className = 'AttentionScores';
  readonly scale: number;

  constructor(args: AttentionScoresArgs) {
    super(args);
    if (!(typeof args.scale === 'number' && Number.isFinite(args.scale))) {
      throw new Error(`Error in AttentionScores: scale must be a finite number, got ${String(args.scale)}.`);
    }
    this.scale = args.scale;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [q, k] = twoShapes(inputShape, 'AttentionScores');
    if (q.length !== 4 || k.length !== 4 || q[3] !== k[3]) {
      throw new Error(`Error in AttentionScores: query and key must be [batch, heads, tokens, d] with the same d, got ${JSON.stringify(q)} and ${JSON.stringify(k)}.`);
    }
    return [q[0] ?? null, q[1] ?? null, q[2] ?? null, k[2] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [q, k] = twoTensors(inputs, 'AttentionScores');
      return tf.mul(tf.matMul(q, k, false, true), this.scale);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), scale: this.scale };
  }
}

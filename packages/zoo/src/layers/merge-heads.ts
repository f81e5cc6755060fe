// Attention weights applied to per-head values, heads merged back into channels (Keras matmul,
// transpose and reshape ops in kecam).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Shape } from '@tensorflow/tfjs-layers/dist/keras_format/common';
import { dim, twoShapes, twoTensors } from './inputs';

export interface MergeHeadsArgs extends LayerArgs {
  /** Spatial shape of the query tokens to restore, e.g. [7, 7]; [] keeps a token axis. */
  outputSpatial: number[];
}

/**
 * `[weights [batch, heads, nq, nk], v [batch, heads, nk, dv]]` → `weights·v` merged to
 * `[batch, ...outputSpatial, heads · dv]` (or `[batch, nq, heads · dv]` when outputSpatial is []).
 */
export class MergeHeads extends tfl.layers.Layer {
  static className = 'MergeHeads';
  readonly outputSpatial: number[];

  constructor(args: MergeHeadsArgs) {
    super(args);
    if (!Array.isArray(args.outputSpatial) || args.outputSpatial.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new Error(`Error in MergeHeads: outputSpatial must be positive integers, got ${JSON.stringify(args.outputSpatial)}.`);
    }
    this.outputSpatial = [...args.outputSpatial];
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [w, v] = twoShapes(inputShape, 'MergeHeads');
    const nq = dim(w, 2, 'MergeHeads');
    const channels = dim(v, 1, 'MergeHeads') * dim(v, 3, 'MergeHeads');
    if (this.outputSpatial.length > 0 && this.outputSpatial.reduce((a, b) => a * b, 1) !== nq) {
      throw new Error(`Error in MergeHeads: outputSpatial ${JSON.stringify(this.outputSpatial)} must hold ${nq} query tokens.`);
    }
    const spatial = this.outputSpatial.length > 0 ? this.outputSpatial : [nq];
    return [w[0] ?? null, ...spatial, channels];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [w, v] = twoTensors(inputs, 'MergeHeads');
      const [batch, heads, nq] = w.shape as [number, number, number, number];
      const dv = v.shape[3] as number;
      const out = tf.transpose(tf.matMul(w, v), [0, 2, 1, 3]);
      const spatial = this.outputSpatial.length > 0 ? this.outputSpatial : [nq];
      return tf.reshape(out, [batch, ...spatial, heads * dv]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), outputSpatial: [...this.outputSpatial] };
  }
}

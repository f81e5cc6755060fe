// vit_keras `ClassToken`: prepends a learned class token to the patch sequence.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Shape } from '@tensorflow/tfjs-layers/dist/keras_format/common';
import type { LayerVariable } from '@tensorflow/tfjs-layers';
import { dim, oneShape, oneTensor } from './inputs';

/**
 * `[batch, tokens, hidden]` → `[batch, tokens + 1, hidden]`, the token first.
 * Weight `cls` of shape `[1, 1, hidden]`, zeros at init (as vit_keras).
 */
export class ClassToken extends tfl.layers.Layer {
  static className = 'ClassToken';
  private cls: LayerVariable | null = null;

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = oneShape(inputShape, 'ClassToken');
    if (shape.length !== 3) {
      throw new Error(`Error in ClassToken: input must be rank 3 [batch, tokens, hidden], got shape ${JSON.stringify(shape)}.`);
    }
    const hidden = dim(shape, 2, 'ClassToken');
    this.cls = this.addWeight('cls', [1, 1, hidden], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [b, n, h] = oneShape(inputShape, 'ClassToken');
    return [b ?? null, n == null ? null : n + 1, h ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs, 'ClassToken');
      const [batch, , hidden] = x.shape as [number, number, number];
      // Broadcast by addition: its gradient is a plain sum (no Tile).
      const token = tf.add(tf.zeros([batch, 1, hidden]), (this.cls as LayerVariable).read());
      return tf.concat([token, x], 1);
    });
  }
}

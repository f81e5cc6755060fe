// vit_keras `ExtractToken` (a Keras Lambda `v[:, 0]`): keeps the class token.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Shape } from '@tensorflow/tfjs-layers/dist/keras_format/common';
import { oneShape, oneTensor } from './inputs';

/** `[batch, tokens, hidden]` → `[batch, hidden]`, the first token. */
export class ExtractToken extends tfl.layers.Layer {
  static className = 'ExtractToken';

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = oneShape(inputShape, 'ExtractToken');
    if (shape.length !== 3) {
      throw new Error(`Error in ExtractToken: input must be rank 3 [batch, tokens, hidden], got shape ${JSON.stringify(shape)}.`);
    }
    return [shape[0] ?? null, shape[2] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs, 'ExtractToken');
      const [batch, , hidden] = x.shape as [number, number, number];
      return tf.reshape(tf.slice(x, [0, 0, 0], [batch, 1, hidden]), [batch, hidden]);
    });
  }
}

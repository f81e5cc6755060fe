// keras_cv_attention_models `hard_swish` activation (a Keras Activation with a custom function;
// tfjs-layers has no such activation, so it is a layer here).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Shape } from '@tensorflow/tfjs-layers/dist/keras_format/common';
import { oneShape, oneTensor } from './inputs';

/** Element-wise `x · relu6(x + 3) / 6`; any shape. */
export class HardSwish extends tfl.layers.Layer {
  static className = 'HardSwish';

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return oneShape(inputShape, 'HardSwish');
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs, 'HardSwish');
      return tf.div(tf.mul(x, tf.relu6(tf.add(x, 3))), 6);
    });
  }
}

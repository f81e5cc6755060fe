// GELU in its tanh form: vit_keras's `tfa.activations.gelu` (approximate=True by default) and kecam's
// 'gelu/app' (`tf.nn.gelu(approximate=True)`). tfjs-layers' own 'gelu_new' activation computes the
// same but does not survive a save / load in 4.22 (it is read back as the unknown 'geluNew').
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Shape } from '@tensorflow/tfjs-layers/dist/keras_format/common';
import { oneShape, oneTensor } from './inputs';

/** 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), element-wise. */
export function geluTanh<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => {
    const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.mul(tf.mul(x, x), x))));
    return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner))) as T;
  });
}

/** {@link geluTanh} as a weightless layer; any shape. */
export class GeluTanh extends tfl.layers.Layer {
  static className = 'GeluTanh';

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return oneShape(inputShape, 'GeluTanh');
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return geluTanh(oneTensor(inputs, 'GeluTanh'));
  }
}

// vit_keras `AddPositionEmbs`: adds a learned position embedding to every token.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Shape } from '@tensorflow/tfjs-layers/dist/keras_format/common';
import type { LayerVariable } from '@tensorflow/tfjs-layers';
import { dim, oneShape, oneTensor } from './inputs';

/**
 * `[batch, tokens, hidden]` → same shape, plus weight `pos_embedding` `[1, tokens, hidden]`
 * (normal, stddev 0.06 at init, as vit_keras). The token count fixes the input size.
 */
export class AddPositionEmbs extends tfl.layers.Layer {
  static className = 'AddPositionEmbs';
  private pe: LayerVariable | null = null;

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = oneShape(inputShape, 'AddPositionEmbs');
    if (shape.length !== 3) {
      throw new Error(`Error in AddPositionEmbs: input must be rank 3 [batch, tokens, hidden], got shape ${JSON.stringify(shape)}.`);
    }
    const tokens = dim(shape, 1, 'AddPositionEmbs');
    const hidden = dim(shape, 2, 'AddPositionEmbs');
    this.pe = this.addWeight('pos_embedding', [1, tokens, hidden], 'float32', tfl.initializers.randomNormal({ stddev: 0.06 }));
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return oneShape(inputShape, 'AddPositionEmbs');
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.add(oneTensor(inputs, 'AddPositionEmbs'), (this.pe as LayerVariable).read()));
  }
}

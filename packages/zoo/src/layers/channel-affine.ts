// keras_cv_attention_models `ChannelAffine` (package `resmlp`): per-channel scale (and shift),
// used as the ConvNeXt/MaxViT "layer scale" named `..._gamma`.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Shape } from '@tensorflow/tfjs-layers/dist/keras_format/common';
import type { LayerVariable } from '@tensorflow/tfjs-layers';
import { dim, oneShape, oneTensor } from './inputs';

export interface ChannelAffineArgs extends LayerArgs {
  /** Whether to add a learned per-channel `bias` (kecam default true). */
  useBias?: boolean;
  /** Initial value of every `weight` entry (kecam default 1; ConvNeXt layer scale 1e-6). */
  weightInitValue?: number;
  /** Channel axis; only the last axis (-1) is supported, as every use in these models. */
  axis?: number;
}

/** `[..., C]` → `x · weight (+ bias)`; weights `weight` `[C]` and, with `useBias`, `bias` `[C]`. */
export class ChannelAffine extends tfl.layers.Layer {
  static className = 'ChannelAffine';
  readonly useBias: boolean;
  readonly weightInitValue: number;
  readonly axis: number;
  private ww: LayerVariable | null = null;
  private bb: LayerVariable | null = null;

  constructor(args: ChannelAffineArgs = {}) {
    super(args);
    this.useBias = args.useBias ?? true;
    this.weightInitValue = args.weightInitValue ?? 1;
    this.axis = args.axis ?? -1;
    if (this.axis !== -1) {
      throw new Error(`Error in ChannelAffine: axis must be -1 (channels last), got ${this.axis}.`);
    }
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = oneShape(inputShape, 'ChannelAffine');
    const c = dim(shape, -1, 'ChannelAffine');
    this.ww = this.addWeight('weight', [c], 'float32', tfl.initializers.constant({ value: this.weightInitValue }));
    if (this.useBias) this.bb = this.addWeight('bias', [c], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return oneShape(inputShape, 'ChannelAffine');
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const y = tf.mul(oneTensor(inputs, 'ChannelAffine'), (this.ww as LayerVariable).read());
      return this.bb ? tf.add(y, this.bb.read()) : y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), useBias: this.useBias, weightInitValue: this.weightInitValue, axis: this.axis };
  }
}

// Layer classes that Keras files use and stock tfjs-layers lacks. registerKerasLayers() makes them
// known to tf.serialization, so models holding them also save and load in the TensorFlow.js format.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type Kwargs = Record<string, unknown>;

/**
 * qubvel `efficientnet`'s FixedDropout: a Dropout whose noise shape may hold `None` (drop-connect,
 * [batch, 1, 1, 1]). tfjs' Dropout already resolves null entries, so only the class name differs.
 */
export class FixedDropout extends tfl.layers.Layer {
  static className = 'FixedDropout';
  private readonly rate: number;
  private readonly noiseShape: Array<number | null> | undefined;
  private readonly seed: number | undefined;

  constructor(args: { rate: number; noiseShape?: Array<number | null>; seed?: number; name?: string; trainable?: boolean }) {
    super(args);
    this.rate = args.rate;
    this.noiseShape = args.noiseShape;
    this.seed = args.seed;
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
      if (!kwargs['training'] || this.rate <= 0) return tf.clone(x);
      const shape = this.noiseShape ? this.noiseShape.map((d, i) => d ?? (x.shape[i] as number)) : x.shape;
      const keep = tf.cast(tf.greaterEqual(tf.randomUniform(shape, 0, 1, 'float32', this.seed), this.rate), 'float32');
      return tf.mul(x, tf.div(keep, 1 - this.rate));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, noiseShape: this.noiseShape ?? null, seed: this.seed ?? null };
  }
}

/** GlobalAveragePooling2D / GlobalMaxPooling2D with Keras ≥ 2.6's `keepdims` (tfjs 4.22 lacks it). */
export class KerasGlobalPooling2D extends tfl.layers.Layer {
  static className = 'KerasGlobalPooling2D';
  private readonly mode: 'avg' | 'max';
  private readonly keepdims: boolean;

  constructor(args: { mode?: 'avg' | 'max'; keepdims?: boolean; name?: string; trainable?: boolean }) {
    super(args);
    this.mode = args.mode ?? 'avg';
    this.keepdims = args.keepdims ?? false;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    return this.keepdims ? [s[0] ?? null, 1, 1, s[3] ?? null] : [s[0] ?? null, s[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
      return this.mode === 'avg' ? tf.mean(x, [1, 2], this.keepdims) : tf.max(x, [1, 2], this.keepdims);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode, keepdims: this.keepdims };
  }
}

/** The custom classes above. */
export const KERAS_CUSTOM_LAYERS = [FixedDropout, KerasGlobalPooling2D] as const;

/** Registers {@link KERAS_CUSTOM_LAYERS} with `tf.serialization` (explicit, idempotent). */
export function registerKerasLayers(): void {
  for (const cls of KERAS_CUSTOM_LAYERS) {
    tf.serialization.registerClass(cls as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
  }
}

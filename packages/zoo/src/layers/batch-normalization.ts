// tfjs-layers' BatchNormalization, with training-mode calls through @harmonization/core-loss's
// batchNormTraining: the batch statistics stay inside one op, whose first and second
// derivatives are single kernels where a backend registers them (@harmonization/accelerator on
// cpu). Stock tfjs-layers computes tf.moments and then normalizes, so a harmonized step (double
// backprop) differentiates the moments chain twice: ~40 % of a ResNet step's element-wise work.
// Weights, config, inference and the moving-average updates are the stock layer's; it saves as a
// plain `BatchNormalization`.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';
import type { BatchNormalizationLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/normalization';
import type { LayerVariable } from '@tensorflow/tfjs-layers';
import { batchNormTraining } from '@harmonization/core-loss';

/** The stock class, from the registry tfjs-layers fills when it loads (it is not exported). */
function stockBatchNormalization(): typeof tfl.layers.Layer {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap.BatchNormalization;
  if (!entry) throw new Error('Error in BatchNormalization: @tensorflow/tfjs-layers did not register BatchNormalization.');
  return entry[0] as unknown as typeof tfl.layers.Layer;
}

/** The stock layer's fields this layer reads (private in its typings, plain properties at run time). */
interface StockFields {
  axis: number;
  momentum: number;
  epsilon: number;
  gamma: LayerVariable | null;
  beta: LayerVariable | null;
  movingMean: LayerVariable;
  movingVariance: LayerVariable;
}

export class BatchNormalization extends stockBatchNormalization() {
  /** Saved (and loaded back) as Keras' / tfjs-layers' own BatchNormalization. */
  static className = 'BatchNormalization';

  constructor(args: BatchNormalizationLayerArgs = {}) {
    super(args as never);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const f = this as unknown as StockFields;
    const lastAxis = x != null && (f.axis === -1 || f.axis === x.rank - 1);
    if (!kwargs['training'] || !lastAxis || x.rank < 2) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const { y, mean, variance } = batchNormTraining(x, f.gamma?.read() ?? null, f.beta?.read() ?? null, f.epsilon);
      // The stock update: moving ← moving − (moving − batch)·(1 − momentum), variance biased.
      for (const [variable, value] of [[f.movingMean, mean], [f.movingVariance, variance]] as const) {
        const moving = variable.read();
        variable.write(tf.sub(moving, tf.mul(tf.sub(moving, value), 1 - f.momentum)));
      }
      return y;
    });
  }
}

/**
 * Runs `build` (which deserializes a model) with this class registered as `BatchNormalization`,
 * then puts the stock class back: models rebuilt from a config get the fused training path.
 */
export async function withZooBatchNormalization<T>(build: () => Promise<T>): Promise<T> {
  const names = tf.serialization.SerializationMap.getMap().classNameMap;
  const stock = names.BatchNormalization;
  names.BatchNormalization = [BatchNormalization as never, BatchNormalization.fromConfig as never];
  try {
    return await build();
  } finally {
    if (stock) names.BatchNormalization = stock;
    else delete names.BatchNormalization;
  }
}

/** `tfl.layers.batchNormalization`, with the fused training path. */
export function batchNormalization(args: BatchNormalizationLayerArgs = {}): BatchNormalization {
  return new BatchNormalization(args);
}

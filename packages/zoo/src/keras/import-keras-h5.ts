import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { registerKerasLayers } from './custom-layers';
import { withZooBatchNormalization } from '../layers/batch-normalization';
import { convertKerasModelConfig } from './convert-keras-config';
import { loadKerasH5Weights } from './load-keras-h5-weights';
import { readKerasH5 } from './read-keras-h5';

export interface ImportKerasH5Options {
  /** Extra layer classes by Keras class name (tfjs Layer subclasses), for custom layers of your own. */
  customObjects?: Record<string, new (...args: never[]) => unknown>;
}

/**
 * Rebuilds a Keras full-model .h5 file (`model.save`) as a tfjs LayersModel: the architecture
 * from its `model_config`, then its weights by layer name. Supported beyond stock tfjs-layers:
 * qubvel EfficientNet's FixedDropout, Global*Pooling2D(keepdims=True), TFOpLambda additions
 * (`x + y`), Keras ≥ 2.4 `L1`/`L2` regularizers, and Keras 1 Sequential models of common layers.
 * Weights-only files throw, pointing to `loadKerasH5Weights`.
 */
export async function importKerasH5(pathOrBytes: string | Uint8Array | ArrayBuffer, options: ImportKerasH5Options = {}): Promise<tfl.LayersModel> {
  const fn = 'importKerasH5';
  const contents = await readKerasH5(pathOrBytes, fn);
  if (!contents.modelConfig) {
    throw new Error(
      `Error in ${fn}: ${contents.label} holds weights only (no model_config); build the architecture (createModel or a builder) and call loadKerasH5Weights(model, file).`,
    );
  }
  registerKerasLayers();
  const config = convertKerasModelConfig(contents.modelConfig, fn, contents.kerasVersion);
  const customObjects: tf.serialization.ConfigDict = {};
  for (const [name, cls] of Object.entries(options.customObjects ?? {})) {
    // tfjs looks custom classes up as [constructor, fromConfig] pairs.
    customObjects[name] = [cls, (cls as unknown as { fromConfig: unknown }).fromConfig] as unknown as tf.serialization.ConfigDictValue;
  }
  let model: tfl.LayersModel;
  try {
    // Batch norms as the zoo's layer (the same layer, with the fused training path). Through the
    // registry: tfjs-layers' Sequential ignores customObjects for its layers.
    model = await withZooBatchNormalization(() =>
      tfl.models.modelFromJSON({ modelTopology: config } as unknown as tf.io.ModelJSON, customObjects as never),
    );
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new Error(`Error in ${fn}: tfjs-layers cannot rebuild the model_config of ${contents.label}: ${msg}`);
  }
  await loadKerasH5Weights(model, contents);
  return model;
}

// Writes a tfjs model's weights in the layout of Keras `model.save_weights('x.h5')` (HDF5):
// root attributes `layer_names`, `backend`, `keras_version`; one group per layer with a
// `weight_names` attribute and datasets at `<layer>/<layer>/<weight>:0`. Keras and
// `loadKerasH5Weights` read it back by layer name.
import type * as tfl from '@tensorflow/tfjs-layers';
import { rm } from 'node:fs/promises';
import { loadH5 } from './h5-file';

/** Fixed-length ASCII dtype wide enough for every string (Keras writes `A<n>` arrays). */
function asciiDtype(strings: string[]): string {
  return `A${Math.max(1, ...strings.map((s) => Buffer.byteLength(s, 'utf8')))}`;
}

/**
 * Saves the weights of `model` to `path` as a Keras weights-only .h5 file. Weight names follow
 * Keras (`<layer>/kernel:0`). Overwrites `path`.
 */
export async function saveKerasH5Weights(model: tfl.LayersModel, path: string): Promise<void> {
  const h5 = await loadH5();
  await rm(path, { force: true });
  const file = new h5.File(path, 'w');
  try {
    const layers = model.layers;
    const layerNames = layers.map((l) => l.name);
    file.create_attribute('layer_names', layerNames, [layerNames.length], asciiDtype(layerNames));
    file.create_attribute('backend', 'tensorflow');
    file.create_attribute('keras_version', '2.8.0');
    for (const layer of layers) {
      const group = file.create_group(layer.name);
      const vars = layer.weights;
      if (vars.length === 0) {
        // What Keras writes for a layer without weights: an empty float64 array.
        group.create_attribute('weight_names', new Float64Array(0), [0], '<f8');
        continue;
      }
      // Keras names a weight `<owning layer>/<weight>:0`: the layer itself, or for a nested model
      // the inner layer (tfjs keeps that name as the variable's originalName).
      const names = vars.map((v) => `${v.originalName}:0`);
      group.create_attribute('weight_names', names, [names.length], asciiDtype(names));
      vars.forEach((v, i) => {
        const parts = (names[i] as string).split('/');
        let g = group;
        for (const part of parts.slice(0, -1)) g = g.keys().includes(part) ? (g.get(part) as typeof group) : g.create_group(part);
        const values = v.read().dataSync() as Float32Array;
        g.create_dataset({ name: parts.at(-1) as string, data: values, shape: v.shape as number[], dtype: '<f4' });
      });
    }
  } finally {
    file.close();
  }
}

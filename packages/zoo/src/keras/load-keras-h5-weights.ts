// Loads Keras .h5 weights into a tfjs model by LAYER NAME. Within a layer, weights are matched by
// their short name (`kernel`, `gamma`, …) when both sides use Keras names, otherwise by order
// (Keras 1 files name them `<layer>_W:0`, `<layer>_b:0`), which is the order Keras saved them in.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { readKerasH5, type KerasH5Contents, type KerasH5Layer, type KerasH5Weight } from './read-keras-h5';

export interface LoadKerasH5WeightsOptions {
  /** Model layers left as initialised (e.g. a classifier whose class count differs). */
  skip?: string[];
  /** Accept weight-holding layers in the file that the model lacks (default false: they are an error). */
  allowUnexpected?: boolean;
}

export interface LoadKerasH5WeightsReport {
  /** Layers whose weights were set. */
  layers: number;
  /** Scalars copied. */
  params: number;
  /** Model layers left untouched because of `skip`. */
  skipped: string[];
  /** File layers ignored because of `allowUnexpected`. */
  ignored: string[];
}

const LIST_MAX = 8;
function list(items: string[]): string {
  const shown = items.slice(0, LIST_MAX).join(', ');
  return items.length > LIST_MAX ? `${shown}, … (${items.length - LIST_MAX} more)` : shown;
}

function shortName(name: string): string {
  return (name.split('/').pop() ?? name).replace(/:\d+$/, '');
}

/**
 * Pairs the file's weights with the layer's variables: by full name (`block1_conv1/kernel`, which
 * also tells apart the inner layers of a nested model), else by short name (`kernel`) when all
 * agree, else by order.
 */
function pairWeights(layer: tfl.layers.Layer, fileLayer: KerasH5Layer): Array<[tfl.LayerVariable, KerasH5Weight]> {
  const vars = layer.weights;
  for (const key of [(n: string) => n.replace(/:\d+$/, ''), shortName]) {
    const byName = new Map(fileLayer.weights.map((w) => [key(w.name), w]));
    if (byName.size === vars.length && vars.every((v) => byName.has(key(v.originalName)))) {
      return vars.map((v) => [v, byName.get(key(v.originalName)) as KerasH5Weight]);
    }
  }
  return vars.map((v, i) => [v, fileLayer.weights[i] as KerasH5Weight]);
}

function sameShape(a: readonly (number | null)[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Sets the weights of `model` from a Keras .h5 file (full-model or weights-only) or from contents
 * already read by `readKerasH5`. Every weight-holding model layer must find a layer of the same name
 * with the same number of weights of the same shapes; otherwise nothing is changed and the error
 * lists the missing, unexpected and mis-shaped weights.
 */
export async function loadKerasH5Weights(
  model: tfl.LayersModel,
  source: string | Uint8Array | ArrayBuffer | KerasH5Contents,
  options: LoadKerasH5WeightsOptions = {},
): Promise<LoadKerasH5WeightsReport> {
  const fn = 'loadKerasH5Weights';
  const contents = isContents(source) ? source : await readKerasH5(source, fn);
  const skip = new Set(options.skip ?? []);
  const modelLayers = model.layers.filter((l) => l.weights.length > 0);
  const modelNames = new Set(modelLayers.map((l) => l.name));
  const fileLayers = flattenNested(contents.layers.filter((l) => l.weights.length > 0), modelNames);

  const missing: string[] = [];
  const misShaped: string[] = [];
  const plan: Array<[tfl.layers.Layer, Array<[tfl.LayerVariable, KerasH5Weight]>]> = [];
  const skipped: string[] = [];
  for (const layer of modelLayers) {
    if (skip.has(layer.name)) {
      skipped.push(layer.name);
      continue;
    }
    const fileLayer = fileLayers.get(layer.name);
    if (!fileLayer) {
      missing.push(layer.name);
      continue;
    }
    if (fileLayer.weights.length !== layer.weights.length) {
      misShaped.push(`${layer.name} (file has ${fileLayer.weights.length} weights, model ${layer.weights.length})`);
      continue;
    }
    const pairs = pairWeights(layer, fileLayer);
    const bad = pairs.filter(([v, w]) => !sameShape(v.shape, w.shape));
    for (const [v, w] of bad) {
      misShaped.push(`${layer.name}/${shortName(v.originalName)} (file [${w.shape.join(', ')}], model [${v.shape.join(', ')}])`);
    }
    if (bad.length === 0) plan.push([layer, pairs]);
  }
  const extra = [...fileLayers.keys()].filter((n) => !modelNames.has(n) && !skip.has(n));
  const unexpected = options.allowUnexpected ? [] : extra;

  if (plan.length === 0 && modelLayers.length > skipped.length) {
    throw new Error(
      `Error in ${fn}: ${contents.label} does not fit model '${model.name}': none of the model's ${modelLayers.length} weight-holding layers ` +
        `(${list(modelLayers.map((l) => l.name))}) matches the file's ${fileLayers.size} (${list([...fileLayers.keys()])}); wrong architecture for this weights file?`,
    );
  }
  if (missing.length + misShaped.length + unexpected.length > 0) {
    const parts: string[] = [];
    if (missing.length) parts.push(`${missing.length} model layer(s) missing from the file: ${list(missing)}`);
    if (unexpected.length) parts.push(`${unexpected.length} unexpected file layer(s) not in the model: ${list(unexpected)}`);
    if (misShaped.length) parts.push(`${misShaped.length} mis-shaped weight(s): ${list(misShaped)}`);
    throw new Error(`Error in ${fn}: ${contents.label} does not fit model '${model.name}': ${parts.join('; ')}.`);
  }

  let params = 0;
  for (const [layer, pairs] of plan) {
    const values = pairs.map(([, w]) => tf.tensor(w.values, w.shape, 'float32'));
    layer.setWeights(values);
    tf.dispose(values);
    params += pairs.reduce((n, [, w]) => n + w.values.length, 0);
  }
  return { layers: plan.length, params, skipped, ignored: options.allowUnexpected ? extra : [] };
}

/**
 * A model saved with another model nested as one layer stores that layer's weights as
 * `<inner layer>/<weight>:0` under the outer layer's group. When such a layer is not a model layer
 * but its weights name model layers, it is split into those layers.
 */
function flattenNested(layers: KerasH5Layer[], modelNames: Set<string>): Map<string, KerasH5Layer> {
  const out = new Map<string, KerasH5Layer>();
  for (const layer of layers) {
    if (modelNames.has(layer.name)) {
      out.set(layer.name, layer);
      continue;
    }
    const groups = new Map<string, KerasH5Weight[]>();
    for (const w of layer.weights) {
      const parts = w.name.split('/');
      const owner = parts.length >= 2 ? (parts[parts.length - 2] as string) : layer.name;
      groups.set(owner, [...(groups.get(owner) ?? []), w]);
    }
    const inner = [...groups.keys()];
    if (inner.length > 1 && inner.some((n) => modelNames.has(n))) {
      for (const [name, weights] of groups) if (!out.has(name)) out.set(name, { name, weights });
    } else {
      out.set(layer.name, layer);
    }
  }
  return out;
}

function isContents(x: unknown): x is KerasH5Contents {
  return typeof x === 'object' && x !== null && Array.isArray((x as KerasH5Contents).layers) && typeof (x as KerasH5Contents).label === 'string';
}

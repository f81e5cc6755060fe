import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { DownloadProgress } from '@harmonization/datasets';
import { loadKerasH5Weights } from '../keras/load-keras-h5-weights';
import { readKerasH5, type KerasH5Contents } from '../keras/read-keras-h5';
import { fetchPretrainedWeights } from '../weights/fetch-pretrained';
import { preprocess } from './preprocess-for';
import { getModelEntry, getPretrainedConfig, parseModelName } from './registry';
import type { ModelBuilder, ModelEntry, PretrainedConfig } from './types';

export interface CreateModelOptions {
  /** Load the pretrained weights of the tag in the name, or of the default tag. Default false. */
  pretrained?: boolean;
  /** A local Keras .h5 file (full model or weights only) to load instead of downloading. */
  weightsPath?: string;
  /** Cache folder of downloaded weights (default: HARMONIZATION_HOME of the datasets package). */
  cacheDir?: string;
  /** Never download: use the cache or fail. */
  offline?: boolean;
  /** Output classes. With weights of another class count, the classifier is left freshly initialised. */
  numClasses?: number;
  /** [height, width, channels]; default the weights' or the architecture's. */
  inputShape?: [number, number, number];
  onProgress?: (progress: DownloadProgress) => void;
}

/** Picks the layout whose marker layers the weights file holds (ResNet50 v1 vs v2 naming). */
function chooseLayout(entry: ModelEntry, contents: KerasH5Contents): ModelBuilder {
  const layouts = entry.layouts;
  if (!layouts || layouts.length === 0) return entry.builder;
  const names = new Set(contents.layers.map((l) => l.name));
  const hit = layouts.find((l) => l.markers.every((m) => names.has(m)));
  return hit?.builder ?? entry.builder;
}

/** Renames an aliased classifier layer of the file to the entry's classifier name. */
function renameClassifier(entry: ModelEntry, contents: KerasH5Contents): KerasH5Contents {
  const names = new Set(contents.layers.map((l) => l.name));
  if (names.has(entry.classifier)) return contents;
  const alias = entry.classifierAliases?.find((a) => names.has(a));
  if (alias === undefined) return contents;
  return { ...contents, layers: contents.layers.map((l) => (l.name === alias ? { ...l, name: entry.classifier } : l)) };
}

/** Class count of the classifier in the file (its last weight's length, the bias), if present. */
function fileClassCount(entry: ModelEntry, contents: KerasH5Contents): number | undefined {
  const head = contents.layers.find((l) => l.name === entry.classifier);
  const last = head?.weights.at(-1);
  return last?.shape.length === 1 ? last.shape[0] : undefined;
}

/**
 * Builds a registered model (`arch` or `arch.tag`), optionally with weights: `pretrained: true`
 * downloads the tag's file (cached, size/sha256-verified) and `weightsPath` takes a local one.
 * Weights load by layer name into our architecture, so full-model and weights-only .h5 files
 * both work, and a file of another architecture fails with the list of what does not match.
 * Outputs are logits.
 */
export async function createModel(name: string, options: CreateModelOptions = {}): Promise<ZooModel> {
  const model = await buildWithWeights(name, options);
  // The model carries its input preprocessing, so evaluation (e.g. @harmonization/metrics'
  // evaluateClickMe) applies the right one without being told (the original's identity default
  // produced wrong scores: SPEC §13.5).
  return Object.assign(model, { preprocess: preprocess(name) });
}

/** A zoo model: a tfjs LayersModel that also carries its preprocessing (RGB [0,255] → model input). */
export type ZooModel = tfl.LayersModel & { preprocess: (images: tf.Tensor) => tf.Tensor };

async function buildWithWeights(name: string, options: CreateModelOptions): Promise<tfl.LayersModel> {
  const fn = 'createModel';
  const entry = getModelEntry(name, fn);
  const { arch, tag } = parseModelName(name);
  const wantWeights = options.pretrained === true || options.weightsPath !== undefined;
  let config: PretrainedConfig | undefined;
  if (tag !== undefined || (options.pretrained && options.weightsPath === undefined)) config = getPretrainedConfig(name, fn);
  else if (wantWeights && Object.keys(entry.pretrained).length > 0) config = getPretrainedConfig(name, fn);

  const inputShape = options.inputShape ?? (wantWeights && config ? config.inputShape : entry.defaultInputShape);
  const requested = options.numClasses ?? (wantWeights && config ? config.numClasses : entry.defaultNumClasses);
  if (!wantWeights) return entry.builder({ inputShape, numClasses: requested, name: arch });

  let path = options.weightsPath;
  if (path === undefined) {
    if (!config) throw new Error(`Error in ${fn}: model '${arch}' has no pretrained weights; pass weightsPath to load a file.`);
    path = (await fetchPretrainedWeights(config, options)).path;
  }
  const contents = renameClassifier(entry, await readKerasH5(path, fn));
  const builder = chooseLayout(entry, contents);
  const model = builder({ inputShape, numClasses: requested, name: arch });
  const inFile = fileClassCount(entry, contents);
  const skip = inFile !== undefined && inFile !== requested ? [entry.classifier] : [];
  try {
    await loadKerasH5Weights(model, contents, { skip });
  } catch (err) {
    model.dispose();
    throw err;
  }
  return model;
}

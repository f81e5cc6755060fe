// A model named on the command line: a zoo entry (built fresh, seeded) or a saved folder.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createModel, listModels, loadModel, preprocess, saveModel } from '@harmonization/zoo';
import { writeDirAtomic, writeJsonAtomic } from '../util/atomic-write';
import { CliError } from '../util/cli-error';
import { withSeededMathRandomAsync } from '../util/seeded-random';

/** Written beside a saved model: which zoo entry's preprocessing it expects. */
export interface ModelCard {
  zooName: string | null;
  inputShape: number[];
  numClasses: number;
}

export interface LoadedModel {
  model: tf.LayersModel;
  /** Applied to `[N,H,W,3]` images in [0,255] before the model. */
  preprocess: (images: tf.Tensor4D) => tf.Tensor4D;
  card: ModelCard;
}

function isSavedDir(spec: string): boolean {
  return existsSync(join(spec, 'model.json'));
}

function preprocessFor(zooName: string | null): (images: tf.Tensor4D) => tf.Tensor4D {
  if (!zooName) throw new CliError('The saved model names no zoo entry in harmonize-model.json, so its preprocessing is unknown; convert it with --preprocess-like <zoo-name>.');
  const fn = preprocess(zooName) as (x: tf.Tensor4D) => tf.Tensor4D;
  return (x) => tf.tidy(() => fn(x));
}

/** Opens `spec` (zoo name or saved folder). New zoo models get seeded initial weights. */
export async function openModel(spec: string, opts: { imageSize?: number; numClasses?: number; seed: number }): Promise<LoadedModel> {
  if (isSavedDir(spec)) {
    const model = (await loadModel(spec)) as tf.LayersModel;
    const cardPath = join(spec, 'harmonize-model.json');
    const card: ModelCard = existsSync(cardPath)
      ? (JSON.parse(readFileSync(cardPath, 'utf8')) as ModelCard)
      : { zooName: null, inputShape: (model.inputs[0]?.shape ?? []).slice(1) as number[], numClasses: (model.outputs[0]?.shape ?? [])[1] as number };
    return { model, preprocess: preprocessFor(card.zooName), card };
  }
  const names = listModels();
  if (!names.includes(spec)) {
    const base = spec.split('.')[0] ?? spec;
    const close = names.filter((n) => n.startsWith(base.slice(0, 3))).slice(0, 5);
    throw new CliError(`--model ${spec} is neither a saved model folder (with model.json) nor a zoo model${close.length ? `; did you mean ${close.join(', ')}` : '; see harmonize zoo list'}.`);
  }
  const size = opts.imageSize;
  const model = (await withSeededMathRandomAsync(opts.seed + 1, () =>
    createModel(spec, { ...(size ? { inputShape: [size, size, 3] as [number, number, number] } : {}), ...(opts.numClasses ? { numClasses: opts.numClasses } : {}) }),
  )) as unknown as tf.LayersModel;
  const inputShape = (model.inputs[0]?.shape ?? []).slice(1) as number[];
  const numClasses = (model.outputs[0]?.shape ?? [])[1] as number;
  return { model, preprocess: preprocessFor(spec), card: { zooName: spec, inputShape, numClasses } };
}

/** Saves the model and its card into `dir`, atomically. */
export async function saveModelAtomic(dir: string, loaded: { model: tf.LayersModel; card: ModelCard }): Promise<void> {
  await writeDirAtomic(dir, async (tmp) => {
    await saveModel(loaded.model, tmp);
    writeJsonAtomic(join(tmp, 'harmonize-model.json'), loaded.card);
  });
}

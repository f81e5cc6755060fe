import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { fileSystemIO } from './file-system-io';

/**
 * Saves `model` in the TensorFlow.js layers format into folder `dir` (model.json + 4 MB weight
 * shards). Atomic: a previous model in `dir` is replaced only once everything is written.
 * Custom layers must be registered classes (the zoo's are) to be loaded back.
 */
export async function saveModel(model: tfl.LayersModel, dir: string, options: { shardBytes?: number } = {}): Promise<tf.io.SaveResult> {
  if (typeof dir !== 'string' || dir.length === 0) {
    throw new Error(`Error in saveModel: dir must be a non-empty folder path, got ${JSON.stringify(dir)}.`);
  }
  return model.save(fileSystemIO(dir, options));
}

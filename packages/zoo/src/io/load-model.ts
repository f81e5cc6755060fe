import * as tfl from '@tensorflow/tfjs-layers';
import { registerKerasLayers } from '../keras/custom-layers';
import { registerZooLayers } from '../layers/register-layers';
import { fileSystemIO } from './file-system-io';

/**
 * Loads a model saved by `saveModel` (or any tfjs layers-format folder: model.json + shards).
 * The zoo's custom layers are registered first, so every zoo model loads back.
 */
export async function loadModel(dir: string): Promise<tfl.LayersModel> {
  if (typeof dir !== 'string' || dir.length === 0) {
    throw new Error(`Error in loadModel: dir must be a non-empty folder path, got ${JSON.stringify(dir)}.`);
  }
  registerZooLayers();
  registerKerasLayers();
  return tfl.loadLayersModel(fileSystemIO(dir));
}

// A tf.io IOHandler for the local filesystem in the TensorFlow.js layers format (model.json +
// binary weight shards), for the pure-JS backends where tfjs-node's `file://` is unavailable.
// Saving is atomic: files are written into a sibling temporary folder that is renamed into place.
import * as tf from '@tensorflow/tfjs-core';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** tfjs' default shard size. */
export const DEFAULT_SHARD_BYTES = 4 * 1024 * 1024;
export const MODEL_JSON = 'model.json';

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function shardName(i: number, n: number): string {
  return `group1-shard${i + 1}of${n}.bin`;
}

/** Writes `artifacts` into `dir`, replacing a previous model folder there atomically. */
async function saveArtifacts(dir: string, artifacts: tf.io.ModelArtifacts, shardBytes: number): Promise<tf.io.SaveResult> {
  const fn = 'saveModel';
  const target = resolve(dir);
  if (await exists(target)) {
    const entries = await readdir(target).catch(() => null);
    if (entries === null) throw new Error(`Error in ${fn}: dir must be a folder, got the file '${target}'.`);
    if (entries.length > 0 && !entries.includes(MODEL_JSON)) {
      throw new Error(`Error in ${fn}: '${target}' exists and is not a saved model folder (no ${MODEL_JSON}); refusing to replace it.`);
    }
  }
  const weightData = artifacts.weightData ?? new ArrayBuffer(0);
  const buffer = new tf.io.CompositeArrayBuffer(weightData);
  const nShards = Math.max(1, Math.ceil(buffer.byteLength / shardBytes));
  const paths = Array.from({ length: nShards }, (_, i) => shardName(i, nShards));
  const modelJSON: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology as object,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? 'TensorFlow.js',
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths, weights: artifacts.weightSpecs ?? [] }],
  };
  if (artifacts.trainingConfig) modelJSON.trainingConfig = artifacts.trainingConfig;
  if (artifacts.signature) modelJSON.signature = artifacts.signature;
  if (artifacts.userDefinedMetadata) modelJSON.userDefinedMetadata = artifacts.userDefinedMetadata;
  if (artifacts.modelInitializer) modelJSON.modelInitializer = artifacts.modelInitializer;

  await mkdir(dirname(target), { recursive: true });
  const suffix = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${suffix}`);
  await mkdir(tmp);
  try {
    for (let i = 0; i < nShards; i++) {
      const start = i * shardBytes;
      await writeFile(join(tmp, paths[i] as string), new Uint8Array(buffer.slice(start, Math.min(start + shardBytes, buffer.byteLength))));
    }
    await writeFile(join(tmp, MODEL_JSON), JSON.stringify(modelJSON));
    if (await exists(target)) {
      const old = join(dirname(target), `.${basename(target)}.old-${suffix}`);
      await rename(target, old);
      await rename(tmp, target);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(tmp, target);
    }
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  return {
    modelArtifactsInfo: {
      dateSaved: new Date(),
      modelTopologyType: 'JSON',
      modelTopologyBytes: JSON.stringify(artifacts.modelTopology ?? {}).length,
      weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
      weightDataBytes: buffer.byteLength,
    },
  };
}

async function loadArtifacts(dir: string): Promise<tf.io.ModelArtifacts> {
  const fn = 'loadModel';
  const folder = resolve(dir);
  const jsonPath = join(folder, MODEL_JSON);
  let text: string;
  try {
    text = await readFile(jsonPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`Error in ${fn}: dir must hold a ${MODEL_JSON} written by saveModel, but '${jsonPath}' cannot be read (${code ?? String(err)}).`);
  }
  let modelJSON: tf.io.ModelJSON;
  try {
    modelJSON = JSON.parse(text) as tf.io.ModelJSON;
  } catch {
    throw new Error(`Error in ${fn}: '${jsonPath}' is not valid JSON (truncated or corrupt).`);
  }
  if (modelJSON.modelTopology == null) throw new Error(`Error in ${fn}: '${jsonPath}' has no modelTopology.`);
  return tf.io.getModelArtifactsForJSON(modelJSON, async (manifest) => {
    const specs: tf.io.WeightsManifestEntry[] = [];
    const buffers: ArrayBuffer[] = [];
    for (const group of manifest) {
      specs.push(...group.weights);
      for (const p of group.paths) {
        try {
          const bytes = await readFile(join(folder, p));
          buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          throw new Error(`Error in ${fn}: weight shard '${p}' listed in ${jsonPath} cannot be read (${code ?? String(err)}).`);
        }
      }
    }
    const expected = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * (s.dtype === 'float32' || s.dtype === 'int32' ? 4 : 1), 0);
    const got = buffers.reduce((n, b) => n + b.byteLength, 0);
    if (specs.every((s) => !s.quantization && (s.dtype === 'float32' || s.dtype === 'int32')) && got !== expected) {
      throw new Error(`Error in ${fn}: the weight shards in '${folder}' hold ${got} bytes but ${MODEL_JSON} describes ${expected} (truncated or mixed files).`);
    }
    return [specs, buffers];
  });
}

/**
 * An IOHandler reading and writing the TensorFlow.js layers format in a local folder:
 * `model.save(fileSystemIO(dir))`, `tf.loadLayersModel(fileSystemIO(dir))`.
 */
export function fileSystemIO(dir: string, options: { shardBytes?: number } = {}): tf.io.IOHandler {
  const shardBytes = options.shardBytes ?? DEFAULT_SHARD_BYTES;
  if (!Number.isInteger(shardBytes) || shardBytes < 4) {
    throw new Error(`Error in fileSystemIO: shardBytes must be an integer ≥ 4, got ${String(options.shardBytes)}.`);
  }
  return {
    save: (artifacts) => saveArtifacts(dir, artifacts, shardBytes),
    load: () => loadArtifacts(dir),
  };
}

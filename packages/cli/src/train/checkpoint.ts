// Checkpoints that resume EXACTLY: model weights, the optimizer's full state (including
// Adam's running β powers, which tfjs's setWeights would otherwise recompute with pow() and
// so change in the last bits), the data position and the RNG state. One folder per
// checkpoint, replaced atomically, so a crash mid-write leaves the previous one intact.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeDirAtomic, writeFileAtomic } from '../util/atomic-write';
import { CliError } from '../util/cli-error';

export interface DataPosition {
  epoch: number;
  /** Batches of this epoch already consumed. */
  batch: number;
}

export interface CheckpointState {
  step: number;
  position: DataPosition;
  rngState: number;
  /** Anything else the run wants back (e.g. the resolved config), JSON. */
  extra?: Record<string, unknown>;
}

interface TensorEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  offset: number;
  length: number;
}

interface Manifest extends CheckpointState {
  format: 'harmonize-checkpoint-1';
  weights: TensorEntry[];
  optimizer: { className: string; tensors: TensorEntry[]; extra: TensorEntry[] };
}

async function pack(named: Array<{ name: string; tensor: tf.Tensor }>): Promise<{ entries: TensorEntry[]; bytes: Uint8Array }> {
  const parts: Uint8Array[] = [];
  const entries: TensorEntry[] = [];
  let offset = 0;
  for (const { name, tensor } of named) {
    const data = await tensor.data();
    const dtype = tensor.dtype === 'int32' ? 'int32' : 'float32';
    const typed = dtype === 'int32' ? Int32Array.from(data as Int32Array) : Float32Array.from(data as Float32Array);
    const bytes = new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
    entries.push({ name, shape: tensor.shape, dtype, offset, length: bytes.byteLength });
    parts.push(bytes);
    offset += bytes.byteLength;
  }
  const all = new Uint8Array(offset);
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.byteLength;
  }
  return { entries, bytes: all };
}

function unpack(entries: TensorEntry[], bytes: Uint8Array): Array<{ name: string; tensor: tf.Tensor }> {
  return entries.map((e) => {
    const copy = bytes.slice(e.offset, e.offset + e.length);
    const values = e.dtype === 'int32' ? new Int32Array(copy.buffer) : new Float32Array(copy.buffer);
    return { name: e.name, tensor: tf.tensor(values, e.shape, e.dtype) };
  });
}

// Adam keeps β1^t and β2^t as private variables; saved and restored bit for bit.
type AdamInternals = { accBeta1?: tf.Variable; accBeta2?: tf.Variable };

/** Writes (atomically replacing) the checkpoint folder `dir`. */
export async function saveCheckpoint(dir: string, model: tf.LayersModel, optimizer: tf.Optimizer, state: CheckpointState): Promise<void> {
  const weights = await pack(model.weights.map((w, i) => ({ name: w.originalName ?? w.name ?? `w${i}`, tensor: w.read() })));
  const optNamed = await optimizer.getWeights();
  const opt = await pack(optNamed);
  const internals = optimizer as unknown as AdamInternals;
  const extraNamed = internals.accBeta1 && internals.accBeta2 ? [{ name: 'accBeta1', tensor: internals.accBeta1 as tf.Tensor }, { name: 'accBeta2', tensor: internals.accBeta2 as tf.Tensor }] : [];
  const extra = await pack(extraNamed);
  const manifest: Manifest = {
    format: 'harmonize-checkpoint-1',
    ...state,
    weights: weights.entries,
    optimizer: { className: optimizer.getClassName(), tensors: opt.entries, extra: extra.entries },
  };
  await writeDirAtomic(dir, (tmp) => {
    writeFileAtomic(join(tmp, 'weights.bin'), weights.bytes);
    writeFileAtomic(join(tmp, 'optimizer.bin'), opt.bytes);
    writeFileAtomic(join(tmp, 'optimizer-extra.bin'), extra.bytes);
    // Written last: a folder with a manifest is complete.
    writeFileAtomic(join(tmp, 'checkpoint.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  });
}

export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, 'checkpoint.json'));
}

/** Restores weights and optimizer state in place; returns the saved run state. */
export async function loadCheckpoint(dir: string, model: tf.LayersModel, optimizer: tf.Optimizer): Promise<CheckpointState> {
  if (!hasCheckpoint(dir)) throw new CliError(`No checkpoint in ${dir} to resume from.`);
  const manifest = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')) as Manifest;
  if (manifest.format !== 'harmonize-checkpoint-1') throw new CliError(`${dir}/checkpoint.json has an unknown format ${JSON.stringify(manifest.format)}.`);
  if (manifest.optimizer.className !== optimizer.getClassName()) {
    throw new CliError(`The checkpoint in ${dir} was written with optimizer ${manifest.optimizer.className}, but this run uses ${optimizer.getClassName()}.`);
  }
  const weights = unpack(manifest.weights, new Uint8Array(readFileSync(join(dir, 'weights.bin'))));
  if (weights.length !== model.weights.length) {
    throw new CliError(`The checkpoint in ${dir} holds ${weights.length} weight tensors but the model has ${model.weights.length}.`);
  }
  weights.forEach(({ tensor }, i) => {
    const w = model.weights[i]!;
    if (tensor.shape.join(',') !== w.shape.join(',')) {
      throw new CliError(`The checkpoint weight ${manifest.weights[i]?.name} has shape [${tensor.shape}] but the model's ${w.name} has [${w.shape}].`);
    }
    w.write(tensor);
  });
  tf.dispose(weights.map((w) => w.tensor));
  const opt = unpack(manifest.optimizer.tensors, new Uint8Array(readFileSync(join(dir, 'optimizer.bin'))));
  if (opt.length > 0) await optimizer.setWeights(opt);
  tf.dispose(opt.map((o) => o.tensor));
  const extra = unpack(manifest.optimizer.extra, new Uint8Array(readFileSync(join(dir, 'optimizer-extra.bin'))));
  const internals = optimizer as unknown as AdamInternals;
  for (const { name, tensor } of extra) {
    if (name === 'accBeta1' && internals.accBeta1) internals.accBeta1.assign(tensor as tf.Scalar);
    if (name === 'accBeta2' && internals.accBeta2) internals.accBeta2.assign(tensor as tf.Scalar);
  }
  tf.dispose(extra.map((e) => e.tensor));
  return { step: manifest.step, position: manifest.position, rngState: manifest.rngState, extra: manifest.extra };
}

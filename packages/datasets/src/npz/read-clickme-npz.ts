// The alternative per-image ClickMe distribution (SPEC §2.1): one `.npz` per example with keys
// `image`, `heatmap`, `label`, packed as zips (clickme_train.zip, ...) that may also hold a
// `metadata.json` mapping file name → label. Each example goes through the same chain as a
// TFRecord one (resize, blur, resize, one-hot), minus the JPEG decoding.
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { clickMeChain, type ClickMeExampleArrays } from '../clickme/decode-clickme-arrays';
import type { ClickMeExample } from '../clickme/decode-clickme';
import { resolveDecodeOptions, type ClickMeDecodeOptions } from '../clickme/decode-options';
import { readNpzBytes } from './read-npz';
import { npyToNumbers, type NpyArray } from './read-npy';
import { openZip } from './zip-archive';

export interface ClickMeNpzOptions extends ClickMeDecodeOptions {
  /** Label to use when the npz has no `label` key (e.g. from `metadata.json`). */
  label?: number;
}

function pixels(a: NpyArray, key: string, name: string, channels: 1 | 3) {
  if (Array.isArray(a.data) || a.dtype === 'int64' || a.dtype === 'uint64') {
    throw new Error(`Error in readClickMeNpz: ${name} '${key}' must be a uint8 or float array, got dtype '${a.descr}'.`);
  }
  const [h, w, c = 1] = a.shape;
  const ok = (a.shape.length === 3 && c === channels) || (channels === 1 && a.shape.length === 2);
  if (!ok || h === undefined || w === undefined) {
    const want = channels === 3 ? '[height, width, 3]' : '[height, width] or [height, width, 1]';
    throw new Error(`Error in readClickMeNpz: ${name} '${key}' must have shape ${want}, got [${a.shape.join(', ')}].`);
  }
  // clickMeChain only reads these values through the bilinear resize (any ArrayLike<number>).
  return { data: a.data as unknown as Uint8Array, height: h, width: w, channels };
}

function labelOf(arrays: Map<string, NpyArray>, name: string, fallback: number | undefined): number {
  const a = arrays.get('label');
  if (!a) {
    if (fallback === undefined) throw new Error(`Error in readClickMeNpz: ${name} must hold a 'label' key (or pass options.label), got keys ${[...arrays.keys()].join(', ')}.`);
    return fallback;
  }
  const v = npyToNumbers(a);
  if (v.length === 1) return v[0]!;
  // A one-hot vector: its argmax.
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}

/** Decodes one ClickMe `.npz` (bytes) to typed arrays, as `decodeClickMeArrays` does a record. */
export function decodeClickMeNpzArrays(bytes: Uint8Array, options: ClickMeNpzOptions = {}, name = 'the .npz data'): ClickMeExampleArrays {
  const o = resolveDecodeOptions('readClickMeNpz', options);
  const arrays = readNpzBytes(bytes, name);
  for (const key of ['image', 'heatmap']) {
    if (!arrays.has(key)) throw new Error(`Error in readClickMeNpz: ${name} must hold '${key}', got keys ${[...arrays.keys()].join(', ')}.`);
  }
  const image = pixels(arrays.get('image')!, 'image', name, 3);
  const heatmap = pixels(arrays.get('heatmap')!, 'heatmap', name, 1);
  return clickMeChain(image, heatmap, labelOf(arrays, name, options.label), o, 'readClickMeNpz');
}

/**
 * Reads one ClickMe `.npz` (path or bytes) into the tensors `decodeClickMe` gives for a record:
 * image `[224, 224, 3]` (values as stored, 0..255 for uint8), heatmap `[224, 224, 1]`, label
 * one-hot `[1000]`. The caller disposes them.
 */
export async function readClickMeNpz(source: string | Uint8Array, options: ClickMeNpzOptions = {}): Promise<ClickMeExample> {
  const o = resolveDecodeOptions('readClickMeNpz', options);
  const bytes = typeof source === 'string' ? new Uint8Array(await readFile(source)) : source;
  const ex = decodeClickMeNpzArrays(bytes, options, typeof source === 'string' ? source : undefined);
  return toTensors(ex, o.imageSize, o.heatmapSize, o.numClasses);
}

function toTensors(ex: ClickMeExampleArrays, imageSize: [number, number], heatmapSize: [number, number], numClasses: number): ClickMeExample {
  const oneHot = new Float32Array(numClasses);
  oneHot[ex.label] = 1;
  return {
    image: tf.tensor3d(ex.image, [imageSize[0], imageSize[1], 3], 'float32'),
    heatmap: tf.tensor3d(ex.heatmap, [heatmapSize[0], heatmapSize[1], 1], 'float32'),
    label: tf.tensor1d(oneHot, 'float32'),
  };
}

export interface ClickMeNpzEntry extends ClickMeExampleArrays {
  /** Member or file name of the `.npz`. */
  name: string;
}

/** Looks a label up in metadata.json by the name with or without folders / `.npz`. */
function metadataLabel(meta: Record<string, unknown> | null, name: string): number | undefined {
  if (!meta) return undefined;
  const base = basename(name);
  for (const key of [name, base, base.replace(/\.npz$/i, '')]) {
    const v = meta[key];
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  }
  return undefined;
}

/**
 * Iterates a ClickMe npz collection: a zip (`clickme_val.zip`, read member by member, so it may
 * be larger than memory) or a folder of `.npz` files, in name order. A `metadata.json` beside the
 * npz files supplies labels for those without a `label` key. Yields typed arrays (no tensors).
 */
export async function* readClickMeNpzCollection(source: string, options: ClickMeDecodeOptions = {}): AsyncGenerator<ClickMeNpzEntry> {
  if (!existsSync(source)) throw new Error(`Error in readClickMeNpzCollection: source must be a zip or a folder, got '${source}' which does not exist.`);
  if ((await stat(source)).isDirectory()) {
    const files = (await readdir(source)).filter((n) => n.toLowerCase().endsWith('.npz')).sort();
    const metaPath = join(source, 'metadata.json');
    const meta = existsSync(metaPath) ? (JSON.parse(await readFile(metaPath, 'utf8')) as Record<string, unknown>) : null;
    for (const file of files) {
      const path = join(source, file);
      const ex = decodeClickMeNpzArrays(new Uint8Array(await readFile(path)), { ...options, label: metadataLabel(meta, file) }, path);
      yield { name: file, ...ex };
    }
    return;
  }
  const zip = await openZip(source);
  try {
    const metaEntry = zip.entries.find((e) => basename(e.name) === 'metadata.json');
    const meta = metaEntry ? (JSON.parse(new TextDecoder().decode(await zip.read(metaEntry))) as Record<string, unknown>) : null;
    const members = zip.entries.filter((e) => e.name.toLowerCase().endsWith('.npz')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of members) {
      const ex = decodeClickMeNpzArrays(await zip.read(entry), { ...options, label: metadataLabel(meta, entry.name) }, `${source}:${entry.name}`);
      yield { name: entry.name, ...ex };
    }
  } finally {
    await zip.close();
  }
}

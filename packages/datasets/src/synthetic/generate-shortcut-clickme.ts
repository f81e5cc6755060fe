// The synthetic shortcut dataset written as real ClickMe-schema TFRecord shards, so the real
// loader (loadClickMe) reads it. Images and maps are stored at `size`×`size` (not 256): load
// them with the returned `loadOptions` (sourceSize = imageSize = size, no extra blur).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { encodeExample } from '../example/encode-example';
import { writeTFRecords } from '../tfrecord/write-tfrecords';
import type { ClickMeDecodeOptions } from '../clickme/decode-options';
import { shortcutExamples } from './generate-shortcut-clickme-arrays';
import type { ShortcutExample } from './render-shortcut-example';
import { resolveShortcutOptions, type ShortcutDatasetOptions, type ShortcutSplit } from './shortcut-options';

export interface GenerateShortcutClickMeOptions extends ShortcutDatasetOptions {
  /** Output folder (created). Shards are named `{split}-{i}.tfrecords`. */
  dir: string;
  /** Number of shard files; default 1. */
  shards?: number;
  /** JPEG quality, default 95 (4:4:4 chroma, so the 5×5 hue patch survives). */
  quality?: number;
}

export interface ShortcutClickMeManifest {
  files: string[];
  split: ShortcutSplit;
  count: number;
  size: number;
  classes: number;
  shortcutStrength: number;
  seed: number;
  /** Decode options that read these shards at their stored size, without the ClickMe blur. */
  loadOptions: Required<Pick<ClickMeDecodeOptions, 'sourceSize' | 'imageSize' | 'heatmapSize' | 'numClasses'>> & { blur: false };
}

const u8 = (a: Float32Array, scale: number) => {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, a[i]!)) * scale);
  return out;
};

/** Serializes one example: ClickMe's `image`, `heatmap`, `label` plus `shortcut/label` and `shortcut/box`. */
export async function encodeShortcutExample(ex: ShortcutExample, size: number, quality = 95): Promise<Uint8Array> {
  const [image, heatmap] = await Promise.all([
    sharp(u8(ex.image, 255), { raw: { width: size, height: size, channels: 3 } })
      .jpeg({ quality, chromaSubsampling: '4:4:4' })
      .toBuffer(),
    sharp(u8(ex.heatmap, 255), { raw: { width: size, height: size, channels: 1 } })
      .toColourspace('b-w')
      .jpeg({ quality })
      .toBuffer(),
  ]);
  return encodeExample({
    image: { bytesList: [image] },
    heatmap: { bytesList: [heatmap] },
    label: { int64List: [BigInt(ex.label)] },
    'shortcut/label': { int64List: [BigInt(ex.shortcutLabel)] },
    'shortcut/box': { int64List: ex.shortcutBox.map((v) => BigInt(v)) },
  });
}

/**
 * Generates the synthetic shortcut ClickMe dataset (bright shapes on dark textured noisy
 * backgrounds, human maps on the shape, a coloured corner patch whose hue predicts the label
 * with probability shortcutStrength) and writes it as ClickMe-schema TFRecord shards.
 * Deterministic for a seed.
 */
export async function generateShortcutClickMe(options: GenerateShortcutClickMeOptions): Promise<ShortcutClickMeManifest> {
  const o = resolveShortcutOptions('generateShortcutClickMe', options);
  if (typeof options.dir !== 'string' || options.dir.length === 0) {
    throw new Error(`Error in generateShortcutClickMe: dir must be a folder path, got ${JSON.stringify(options.dir)}.`);
  }
  const shards = options.shards ?? 1;
  if (!Number.isInteger(shards) || shards < 1 || shards > o.count) {
    throw new Error(`Error in generateShortcutClickMe: shards must be an integer in 1..count (${o.count}), got ${shards}.`);
  }
  const quality = options.quality ?? 95;
  await mkdir(options.dir, { recursive: true });
  const examples = shortcutExamples(o);
  const files: string[] = [];
  for (let s = 0; s < shards; s++) {
    const n = Math.floor(((s + 1) * o.count) / shards) - Math.floor((s * o.count) / shards);
    const batch: ShortcutExample[] = [];
    for (let i = 0; i < n; i++) batch.push(examples.next().value as ShortcutExample);
    const records: Uint8Array[] = [];
    for (let i = 0; i < batch.length; i += 64) {
      records.push(...(await Promise.all(batch.slice(i, i + 64).map((ex) => encodeShortcutExample(ex, o.size, quality)))));
    }
    const file = join(options.dir, `${o.split}-${s}.tfrecords`);
    await writeTFRecords(file, records);
    files.push(file);
  }
  return {
    files,
    split: o.split,
    count: o.count,
    size: o.size,
    classes: o.classes,
    shortcutStrength: o.shortcutStrength,
    seed: o.seed,
    loadOptions: { sourceSize: o.size, imageSize: o.size, heatmapSize: o.size, numClasses: o.classes, blur: false },
  };
}

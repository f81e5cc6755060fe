// Packs folders of images and human maps into ClickMe-schema TFRecord shards (SPEC §2.2):
// `image` RGB JPEG 256×256×3, `heatmap` grayscale JPEG 256×256×1, `label` int64.
import { readdir, rename, writeFile, mkdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import sharp from 'sharp';
import { encodeExample } from '../example/encode-example';
import { writeTFRecords, type WriteTFRecordsOptions } from '../tfrecord/write-tfrecords';

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.bmp', '.gif']);

export interface PackClickMeOptions {
  /** Folder of photos (any size; JPEG, PNG, WebP, TIFF, GIF). */
  images: string;
  /** Folder of human maps with the same base names (`a.jpg` ↔ `a.png` is fine); read as grey. */
  heatmaps: string;
  /** ImageNet index per base name (function or record). Without it every label is 0. */
  labels?: ((name: string) => number) | Record<string, number>;
  /** Output folder (created). */
  out: string;
  /** Records per shard; default 1024. */
  shardSize?: number;
  /** Side of the stored square images and maps; default 256 (what the ClickMe decoder expects). */
  size?: number;
  /** `'fill'` (default) stretches to the square, as a plain resize does; `'cover'` keeps the aspect
   *  ratio and centre-crops. Image and map always get the same geometry. */
  fit?: 'fill' | 'cover';
  /** JPEG quality of image and map; default 95. */
  quality?: number;
  /** Shard file name prefix; default `clickme` → `clickme-0.tfrecords`, ... */
  prefix?: string;
  /** An image without a map (or a map without an image): `'throw'` (default) or `'skip'`. */
  onUnmatched?: 'throw' | 'skip';
  compression?: WriteTFRecordsOptions['compression'];
  /** Called after each shard is written. */
  onProgress?: (progress: { shards: number; records: number; total: number }) => void;
}

export interface PackClickMeResult {
  /** Shard paths in order. */
  shards: string[];
  /** Records written. */
  count: number;
  /** Base names in record order, and their labels. */
  names: string[];
  labels: number[];
  /** Base names present on one side only (when `onUnmatched: 'skip'`). */
  unmatched: string[];
  /** `pack-manifest.json` in `out`: the options used and the names per shard. */
  manifest: string;
}

async function listByBaseName(dir: string, what: string): Promise<Map<string, string>> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    throw new Error(`Error in packClickMe: ${what} must be an existing folder, got '${dir}'.`);
  }
  const out = new Map<string, string>();
  for (const name of entries.sort()) {
    const ext = extname(name).toLowerCase();
    if (!IMAGE_EXTENSIONS.has(ext)) continue;
    const base = basename(name, extname(name));
    if (out.has(base)) throw new Error(`Error in packClickMe: ${what} must hold one file per base name, got two for '${base}' in '${dir}'.`);
    out.set(base, join(dir, name));
  }
  return out;
}

/**
 * Resizes one pair to `size`×`size` and encodes it as a ClickMe Example.
 * Image: RGB (grey photos are expanded), alpha dropped, lanczos3 resampling (antialiased).
 * Map: converted to one grey channel, linear (triangle) resampling, which has no negative lobes
 * and so adds no ringing around the blobs. No EXIF rotation on either, as TF's decode_jpeg.
 */
async function encodePair(imagePath: string, heatmapPath: string, label: number, o: Required<Pick<PackClickMeOptions, 'size' | 'fit' | 'quality'>>): Promise<Uint8Array> {
  const resize = { width: o.size, height: o.size, fit: o.fit, position: 'centre' } as const;
  const [meta, metaMap] = await Promise.all([sharp(imagePath).metadata(), sharp(heatmapPath).metadata()]);
  // A map of another resolution than its photo is first brought to the photo's size, so that
  // 'cover' crops both at the same place.
  const [image, heatmap] = await Promise.all([
    sharp(imagePath)
      .removeAlpha()
      .toColourspace('srgb')
      .resize({ ...resize, kernel: 'lanczos3' })
      .jpeg({ quality: o.quality })
      .toBuffer(),
    (metaMap.width !== meta.width || metaMap.height !== meta.height
      ? sharp(await sharp(heatmapPath).toColourspace('b-w').resize({ width: meta.width, height: meta.height, fit: 'fill', kernel: 'linear' }).png().toBuffer())
      : sharp(heatmapPath)
    )
      .removeAlpha()
      .toColourspace('b-w')
      .resize({ ...resize, kernel: 'linear' })
      .jpeg({ quality: o.quality })
      .toBuffer(),
  ]);
  return encodeExample({
    image: { bytesList: [new Uint8Array(image)] },
    heatmap: { bytesList: [new Uint8Array(heatmap)] },
    label: { int64List: [BigInt(label)] },
  });
}

/**
 * Packs matching image / map pairs (matched by base name, in name order) into ClickMe-schema
 * shards `<out>/<prefix>-<i>.tfrecords` of `shardSize` records, each written atomically, plus
 * a `pack-manifest.json`. The result reads back with `readTFRecords` + `decodeClickMe`.
 */
export async function packClickMe(options: PackClickMeOptions): Promise<PackClickMeResult> {
  const shardSize = options.shardSize ?? 1024;
  const size = options.size ?? 256;
  const fit = options.fit ?? 'fill';
  const quality = options.quality ?? 95;
  const prefix = options.prefix ?? 'clickme';
  if (!Number.isInteger(shardSize) || shardSize < 1) throw new Error(`Error in packClickMe: shardSize must be a positive integer, got ${shardSize}.`);
  if (!Number.isInteger(size) || size < 1) throw new Error(`Error in packClickMe: size must be a positive integer, got ${size}.`);
  if (fit !== 'fill' && fit !== 'cover') throw new Error(`Error in packClickMe: fit must be 'fill' or 'cover', got '${fit}'.`);
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) throw new Error(`Error in packClickMe: quality must be an integer in 1..100, got ${quality}.`);

  const images = await listByBaseName(options.images, 'images');
  const maps = await listByBaseName(options.heatmaps, 'heatmaps');
  const names = [...images.keys()].filter((n) => maps.has(n));
  const unmatched = [...[...images.keys()].filter((n) => !maps.has(n)), ...[...maps.keys()].filter((n) => !images.has(n))].sort();
  if (unmatched.length > 0 && (options.onUnmatched ?? 'throw') === 'throw') {
    throw new Error(
      `Error in packClickMe: every image must have a map of the same base name, got ${unmatched.length} unmatched (${unmatched.slice(0, 5).join(', ')}${unmatched.length > 5 ? ', ...' : ''}); pass onUnmatched: 'skip' to leave them out.`,
    );
  }
  if (names.length === 0) throw new Error(`Error in packClickMe: images and heatmaps must share at least one base name, got none.`);

  const labels = names.map((name) => {
    const l = options.labels === undefined ? 0 : typeof options.labels === 'function' ? options.labels(name) : options.labels[name];
    if (l === undefined || !Number.isInteger(l) || l < 0) {
      throw new Error(`Error in packClickMe: the label of '${name}' must be a non-negative integer, got ${String(l)}.`);
    }
    return l;
  });

  await mkdir(options.out, { recursive: true });
  const shards: string[] = [];
  const shardEntries: { file: string; names: string[]; labels: number[] }[] = [];
  for (let start = 0; start < names.length; start += shardSize) {
    const idx = Array.from({ length: Math.min(shardSize, names.length - start) }, (_, k) => start + k);
    const records: Uint8Array[] = new Array(idx.length);
    // Four pairs at a time: sharp spreads each over its own thread pool.
    for (let k = 0; k < idx.length; k += 4) {
      await Promise.all(
        idx.slice(k, k + 4).map(async (i, j) => {
          const name = names[i]!;
          try {
            records[k + j] = await encodePair(images.get(name)!, maps.get(name)!, labels[i]!, { size, fit, quality });
          } catch (error) {
            throw new Error(`Error in packClickMe: the pair '${name}' could not be read (${(error as Error).message.trim()}).`);
          }
        }),
      );
    }
    const path = join(options.out, `${prefix}-${shards.length}.tfrecords`);
    await writeTFRecords(path, records, { compression: options.compression });
    shards.push(path);
    shardEntries.push({ file: basename(path), names: idx.map((i) => names[i]!), labels: idx.map((i) => labels[i]!) });
    options.onProgress?.({ shards: shards.length, records: start + idx.length, total: names.length });
  }

  const manifest = join(options.out, 'pack-manifest.json');
  const body = {
    format: 'ClickMe TFRecord (image JPEG RGB, heatmap JPEG grey, label int64)',
    size,
    fit,
    quality,
    resize: { image: 'lanczos3', heatmap: 'linear' },
    count: names.length,
    shards: shardEntries,
    unmatched,
  };
  await writeFile(`${manifest}.tmp`, `${JSON.stringify(body, null, 1)}\n`);
  await rename(`${manifest}.tmp`, manifest);
  return { shards, count: names.length, names, labels, unmatched, manifest };
}

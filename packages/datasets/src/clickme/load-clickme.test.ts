import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { build } from 'esbuild';
import sharp from 'sharp';
import { useBackend } from '@harmonization/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTFRecords } from '../tfrecord/write-tfrecords';
import type { TFRecordCorruption } from '../tfrecord/tfrecord-error';
import { encodeClickMeExample } from './encode-clickme-example';
import { listClickMeShards } from './list-clickme-shards';
import { loadClickMe, type ClickMeBatch, type LoadClickMeOptions } from './load-clickme';

// Small shards: 16×16 JPEGs whose label is 100·file + index, so the order is visible.
const S = 16;
let dir: string;
let files: string[];
const sizes = [3, 5, 2];
const small = { sourceSize: S, imageSize: S, blur: false as const, numClasses: 1000 };

async function record(label: number, colour: number): Promise<Uint8Array> {
  const rgb = new Uint8Array(S * S * 3).map((_, i) => (colour * 40 + i) % 256);
  const grey = new Uint8Array(S * S).map((_, i) => (i * 3 + colour) % 256);
  const image = await sharp(rgb, { raw: { width: S, height: S, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
  const heatmap = await sharp(grey, { raw: { width: S, height: S, channels: 1 } }).toColourspace('b-w').jpeg({ quality: 95 }).toBuffer();
  return encodeClickMeExample({ image, heatmap, label });
}

async function labelsOf(options: LoadClickMeOptions): Promise<number[][]> {
  const out: number[][] = [];
  for await (const b of loadClickMe({ ...small, ...options })) {
    const am = tf.argMax(b.labels, -1);
    out.push(Array.from(am.dataSync()));
    tf.dispose([am, b.images, b.heatmaps, b.labels, b.tokens]);
  }
  return out;
}

describe('loadClickMe', () => {
  beforeAll(async () => {
    await useBackend('cpu');
    dir = mkdtempSync(join(tmpdir(), 'load-clickme-'));
    files = [];
    for (let f = 0; f < sizes.length; f++) {
      const recs = [];
      for (let i = 0; i < sizes[f]!; i++) recs.push(await record(100 * f + i, f * 7 + i));
      const path = join(dir, `train-${f}.tfrecords`);
      await writeTFRecords(path, recs);
      files.push(path);
    }
    writeFileSync(join(dir, 'train-10.tfrecords'), new Uint8Array(0)); // empty shard: sorted after train-2
    writeFileSync(join(dir, 'notes.txt'), 'x');
  });

  it('lists shards in index order and interleaves files one record at a time (TF deterministic interleave)', async () => {
    expect((await listClickMeShards(dir, 'train')).map((f) => f.slice(dir.length + 1))).toEqual([
      'train-0.tfrecords',
      'train-1.tfrecords',
      'train-2.tfrecords',
      'train-10.tfrecords',
    ]);
    expect((await labelsOf({ dir, split: 'train', batchSize: 1, dropRemainder: false })).flat()).toEqual([0, 100, 200, 1, 101, 201, 2, 102, 103, 104]);
    // cycleLength 2: file 2 takes file 0's slot when that one runs out.
    expect((await labelsOf({ shards: files, batchSize: 1, cycleLength: 2 })).flat()).toEqual([0, 100, 1, 101, 2, 102, 103, 200, 104, 201]);
  });

  it('batches with drop-remainder by default (as the original), or keeps the last partial batch', async () => {
    expect(await labelsOf({ shards: files, batchSize: 4 })).toEqual([
      [0, 100, 200, 1],
      [101, 201, 2, 102],
    ]);
    expect((await labelsOf({ shards: files, batchSize: 4, dropRemainder: false })).map((b) => b.length)).toEqual([4, 4, 2]);
  });

  it('batch tensors: shapes, dtypes, one-hot labels, tokens, values 0..255; nothing leaks, even on early exit', async () => {
    const before = tf.memory().numTensors;
    let seen = 0;
    for await (const b of loadClickMe({ ...small, shards: files, batchSize: 3, tokens: 1 })) {
      expect(b.images.shape).toEqual([3, S, S, 3]);
      expect(b.heatmaps.shape).toEqual([3, S, S, 1]);
      expect(b.labels.shape).toEqual([3, 1000]);
      expect(b.tokens.shape).toEqual([3]);
      expect(Array.from(b.tokens.dataSync())).toEqual([1, 1, 1]);
      expect(tf.tidy(() => tf.sum(b.labels).arraySync())).toBe(3);
      const img = b.images.dataSync();
      expect(Math.min(...img)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...img)).toBeLessThanOrEqual(255);
      tf.dispose([b.images, b.heatmaps, b.labels, b.tokens]);
      if (++seen === 2) break;
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('seeded shuffle is reproducible, a permutation, reshuffled per pass; bufferSize 1 keeps the order', async () => {
    const base = { shards: files, batchSize: 1, dropRemainder: false } as const;
    const a = (await labelsOf({ ...base, shuffle: { bufferSize: 10, seed: 7 } })).flat();
    const b = (await labelsOf({ ...base, shuffle: { bufferSize: 10, seed: 7 } })).flat();
    const c = (await labelsOf({ ...base, shuffle: { bufferSize: 10, seed: 8 } })).flat();
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect([...a].sort((x, y) => x - y)).toEqual([0, 1, 2, 100, 101, 102, 103, 104, 200, 201]);
    expect((await labelsOf({ ...base, shuffle: { bufferSize: 1, seed: 7 } })).flat()).toEqual([0, 100, 200, 1, 101, 201, 2, 102, 103, 104]);
    const two = (await labelsOf({ ...base, shuffle: { bufferSize: 10, seed: 7 }, repeat: 2 })).flat();
    expect(two).toHaveLength(20);
    expect(two.slice(0, 10)).toEqual(a);
    expect(two.slice(10)).not.toEqual(a);
    expect([...two.slice(10)].sort((x, y) => x - y)).toEqual([...a].sort((x, y) => x - y));
  });

  it('skipBatches resumes exactly where an uninterrupted run would be', async () => {
    const opts = { shards: files, batchSize: 3, shuffle: { bufferSize: 4, seed: 3 }, repeat: 3 } as const;
    const full = await labelsOf(opts);
    expect(full).toHaveLength(10);
    expect(await labelsOf({ ...opts, skipBatches: 4 })).toEqual(full.slice(4));
  });

  it('a record that is not a ClickMe example names file and offset; skip counts it and goes on', async () => {
    const bad = join(dir, 'bad');
    mkdirSync(bad, { recursive: true });
    const good = await record(5, 1);
    const broken = encodeClickMeExample({ image: new Uint8Array([1, 2, 3]), heatmap: new Uint8Array([4]), label: 6 });
    const path = join(bad, 'val-0.tfrecords');
    await writeTFRecords(path, [good, broken, good]);
    const offset = 16 + good.length;
    await expect(labelsOf({ dir: bad, batchSize: 1 })).rejects.toThrow(
      `Error in loadClickMe: record #1 at byte offset ${offset} of ${path} is not a valid ClickMe example: Error in decodeClickMe: image must be a decodable JPEG`,
    );
    const skipped: TFRecordCorruption[] = [];
    expect((await labelsOf({ dir: bad, batchSize: 1, onCorrupt: 'skip', onSkip: (c) => skipped.push(c) })).flat()).toEqual([5, 5]);
    expect(skipped.map((c) => [c.reason, c.offset])).toEqual([['bad-payload', offset]]);
    // A skipped record leaves a hole in the batch memory the examples were decoded into: that
    // batch is assembled by copying, with the same values as a batch without the bad record.
    const batchOf = async (recs: Uint8Array[]) => {
      const path2 = join(bad, `val-${recs.length}.tfrecords`);
      await writeTFRecords(path2, recs);
      const it = loadClickMe({ ...small, shards: [path2], batchSize: 2, onCorrupt: 'skip' })[Symbol.asyncIterator]();
      const b = (await it.next()).value as ClickMeBatch;
      await it.return?.();
      const out = [b.images.dataSync(), b.heatmaps.dataSync(), b.labels.dataSync()] as Float32Array[];
      tf.dispose([b.images, b.heatmaps, b.labels, b.tokens]);
      return out;
    };
    const other = await record(7, 3);
    const withHole = await batchOf([good, broken, other]);
    const clean = await batchOf([good, other]);
    withHole.forEach((a, i) => expect(Array.from(a)).toEqual(Array.from(clean[i]!)));
  });

  it('decoding in 2 worker threads gives the same batches as the main thread', async () => {
    // The worker entry is built by tsup in dist/; from sources, bundle it here the same way.
    const pkg = join(dirname(fileURLToPath(import.meta.url)), '../..');
    const outfile = join(pkg, 'node_modules/.tmp/decode-worker-test.mjs');
    await build({ entryPoints: [join(pkg, 'src/clickme/decode-worker.ts')], bundle: true, platform: 'node', format: 'esm', external: ['sharp'], outfile, logLevel: 'silent' });
    const memory: string[] = [];
    const collect = async (workers: LoadClickMeOptions['workers']) => {
      const out: Float32Array[] = [];
      for await (const b of loadClickMe({ ...small, blur: { size: 4, sigma: 2 }, blurSize: 8, shards: files, batchSize: 5, workers, workerScript: outfile }) as AsyncIterable<ClickMeBatch>) {
        const images = b.images.dataSync() as Float32Array;
        memory.push(`${workers}: ${images.buffer.constructor.name} of ${images.buffer.byteLength / 4}`);
        out.push(images, b.heatmaps.dataSync() as Float32Array, b.labels.dataSync() as Float32Array);
        tf.dispose([b.images, b.heatmaps, b.labels, b.tokens]);
      }
      return out;
    };
    const sync = await collect('sync');
    const workers = await collect(2);
    expect(workers).toHaveLength(sync.length);
    workers.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(sync[i]!)));
    // Decoded in place: each batch's images are the block the examples were written into (shared
    // with the workers), not a copy.
    expect(memory).toEqual(['sync: ArrayBuffer of 3840', 'sync: ArrayBuffer of 3840', '2: SharedArrayBuffer of 3840', '2: SharedArrayBuffer of 3840']);
    await expect(collect(2.5)).rejects.toThrow("Error in loadClickMe: workers must be 'auto', 'sync' or a non-negative integer, got 2.5.");
  });

  it('rejects bad options in one voice', () => {
    expect(() => loadClickMe({ shards: files, batchSize: 0 })).toThrow('Error in loadClickMe: batchSize must be a positive integer, got 0.');
    expect(() => loadClickMe({ shards: files, imageSize: -1 })).toThrow('Error in loadClickMe: imageSize must be a positive integer or [height, width], got -1.');
  });
});

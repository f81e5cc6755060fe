import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realFixture, skipWithoutRealFixtures } from '@harmonization/test-support';
import { parseExample } from '../example/parse-example';
import { readTFRecords } from '../tfrecord/read-tfrecords';
import { decodeClickMe } from '../clickme/decode-clickme';
import { packClickMe } from './pack-clickme';

/** Intensity-weighted centroid of a grey raster, as fractions of width and height. */
function centroid(data: Uint8Array | Buffer, width: number, height: number, channels = 1): [number, number] {
  let s = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = data[(y * width + x) * channels]!;
      s += v;
      sx += v * (x + 0.5);
      sy += v * (y + 0.5);
    }
  }
  return [sx / s / width, sy / s / height];
}

async function readAll(paths: string[]): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const p of paths) for await (const r of readTFRecords(p)) out.push(r);
  return out;
}

let work: string;
beforeAll(async () => {
  tf.setBackend('cpu');
  work = await mkdtemp(join(tmpdir(), 'pack-clickme-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('packClickMe on the MIT1003 eye-tracking pairs', () => {
  it('packs 25 real pairs into 3 shards that read back through the ClickMe decode chain', async () => {
    if (skipWithoutRealFixtures()) return;
    const stimuli = realFixture('human-maps', 'mit1003', 'stimuli')!;
    const maps = realFixture('human-maps', 'mit1003', 'fixation_maps')!;
    const names = (await readdir(stimuli)).filter((n) => n.endsWith('.jpg')).sort().map((n) => n.slice(0, -4));
    expect(names).toHaveLength(25);
    const labels = Object.fromEntries(names.map((n, i) => [n, (i * 37) % 1000]));
    const out = join(work, 'mit');
    const progress: number[] = [];
    const result = await packClickMe({ images: stimuli, heatmaps: maps, labels, out, shardSize: 10, onProgress: (p) => progress.push(p.records) });

    expect(result.count).toBe(25);
    expect(result.shards.map((p) => p.slice(out.length + 1))).toEqual(['clickme-0.tfrecords', 'clickme-1.tfrecords', 'clickme-2.tfrecords']);
    expect(progress).toEqual([10, 20, 25]);
    expect(result.names).toEqual(names);
    const manifest = JSON.parse(await readFile(result.manifest, 'utf8'));
    expect(manifest.shards.map((s: { names: string[] }) => s.names.length)).toEqual([10, 10, 5]);

    const records = await readAll(result.shards);
    expect(records).toHaveLength(25);
    for (const [i, record] of records.entries()) {
      const ex = parseExample(record);
      expect(ex.label!.int64List).toEqual([BigInt((i * 37) % 1000)]);
      const image = await sharp(ex.image!.bytesList![0]!).metadata();
      const heat = ex.heatmap!.bytesList![0]!;
      const map = await sharp(heat).metadata();
      expect([image.format, image.width, image.height, image.channels]).toEqual(['jpeg', 256, 256, 3]);
      expect([map.format, map.width, map.height, map.channels]).toEqual(['jpeg', 256, 256, 1]);

      // The map keeps its geometry: same intensity centroid (as a fraction of the frame) before and after.
      if (i % 6 === 0) {
        const src = await sharp(join(maps, `${names[i]}.jpg`)).raw().toBuffer({ resolveWithObject: true });
        const dst = await sharp(heat).raw().toBuffer({ resolveWithObject: true });
        const [ax, ay] = centroid(src.data, src.info.width, src.info.height, src.info.channels);
        const [bx, by] = centroid(dst.data, 256, 256, dst.info.channels);
        expect(Math.abs(ax - bx)).toBeLessThan(0.01);
        expect(Math.abs(ay - by)).toBeLessThan(0.01);
      }
    }

    // Two records through the real decode chain: shapes, ranges, one-hot label.
    for (const i of [0, 24]) {
      const before = tf.memory().numTensors;
      const ex = await decodeClickMe(records[i]!);
      expect(ex.image.shape).toEqual([224, 224, 3]);
      expect(ex.heatmap.shape).toEqual([224, 224, 1]);
      expect(ex.label.shape).toEqual([1000]);
      const label = Array.from(await ex.label.data());
      expect(label.indexOf(1)).toBe((i * 37) % 1000);
      expect(label.reduce((a, b) => a + b, 0)).toBe(1);
      const heat = Array.from(await ex.heatmap.data());
      const image = Array.from(await ex.image.data());
      expect(heat.reduce((a, b) => Math.min(a, b), Infinity)).toBeGreaterThanOrEqual(0);
      expect(heat.reduce((a, b) => Math.max(a, b), -Infinity)).toBeGreaterThan(10);
      expect(image.reduce((a, b) => Math.max(a, b), -Infinity)).toBeLessThanOrEqual(255);
      tf.dispose([ex.image, ex.heatmap, ex.label]);
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});

describe('packClickMe on pairs made here', () => {
  it("matches by base name across formats, brings a smaller map to the photo's frame, and crops both alike with fit 'cover'", async () => {
    const images = join(work, 'im');
    const maps = join(work, 'hm');
    await mkdir(images);
    await mkdir(maps);
    // A 400x200 photo with a bright square at x 300..340, y 80..120; its map at half resolution
    // (200x100, PNG, RGB) with the blob at the same place.
    const photo = Buffer.alloc(400 * 200 * 3, 40);
    const map = Buffer.alloc(200 * 100 * 3, 0);
    for (let y = 80; y < 120; y++) for (let x = 300; x < 340; x++) photo.fill(250, (y * 400 + x) * 3, (y * 400 + x) * 3 + 3);
    for (let y = 40; y < 60; y++) for (let x = 150; x < 170; x++) map.fill(255, (y * 200 + x) * 3, (y * 200 + x) * 3 + 3);
    await sharp(photo, { raw: { width: 400, height: 200, channels: 3 } }).jpeg().toFile(join(images, 'a.jpg'));
    await sharp(map, { raw: { width: 200, height: 100, channels: 3 } }).png().toFile(join(maps, 'a.png'));
    await sharp(photo, { raw: { width: 400, height: 200, channels: 3 } }).png().toFile(join(images, 'lonely.png'));

    await expect(packClickMe({ images, heatmaps: maps, out: join(work, 'x') })).rejects.toThrow(
      "Error in packClickMe: every image must have a map of the same base name, got 1 unmatched (lonely); pass onUnmatched: 'skip' to leave them out.",
    );
    const result = await packClickMe({ images, heatmaps: maps, out: join(work, 'cover'), fit: 'cover', size: 64, onUnmatched: 'skip', labels: () => 3 });
    expect(result).toMatchObject({ count: 1, unmatched: ['lonely'], labels: [3] });
    const [record] = await readAll(result.shards);
    const ex = parseExample(record!);
    const img = await sharp(ex.image!.bytesList![0]!).raw().toBuffer({ resolveWithObject: true });
    const hm = await sharp(ex.heatmap!.bytesList![0]!).raw().toBuffer({ resolveWithObject: true });
    expect((await sharp(ex.heatmap!.bytesList![0]!).metadata()).channels).toBe(1); // a 1-component JPEG
    // cover: the 200x200 centre (x 100..300) scaled to 64 → the square (x ≥ 300) falls outside both.
    const bright = (d: Buffer, c: number) => Array.from({ length: 64 * 64 }, (_, p) => d[p * c]!).filter((v) => v > 128).length;
    expect(bright(img.data, 3)).toBe(0);
    expect(bright(hm.data, hm.info.channels)).toBe(0);
    // fill keeps everything: the blob lands at x ≈ 320/400·64 ≈ 51, y ≈ 100/200·64 = 32 in both.
    const filled = await packClickMe({ images, heatmaps: maps, out: join(work, 'fill'), size: 64, onUnmatched: 'skip' });
    const ex2 = parseExample((await readAll(filled.shards))[0]!);
    const img2 = await sharp(ex2.image!.bytesList![0]!).raw().toBuffer({ resolveWithObject: true });
    const hm2 = await sharp(ex2.heatmap!.bytesList![0]!).raw().toBuffer({ resolveWithObject: true });
    for (const [data, c] of [[hm2.data, hm2.info.channels], [img2.data, 3]] as const) {
      const [cx, cy] = centroid(Buffer.from(Array.from({ length: 64 * 64 }, (_, p) => Math.max(0, data[p * c]! - 45))), 64, 64);
      expect(Math.abs(cx * 64 - 51.2)).toBeLessThan(1.5);
      expect(Math.abs(cy * 64 - 32)).toBeLessThan(1.5);
    }
    expect(filled.labels).toEqual([0]);
  });

  it('rejects bad options and labels in one voice', async () => {
    await expect(packClickMe({ images: join(work, 'nope'), heatmaps: work, out: work })).rejects.toThrow(
      `Error in packClickMe: images must be an existing folder, got '${join(work, 'nope')}'.`,
    );
    await expect(packClickMe({ images: work, heatmaps: work, out: work, shardSize: 0 })).rejects.toThrow(
      'Error in packClickMe: shardSize must be a positive integer, got 0.',
    );
    await expect(
      packClickMe({ images: join(work, 'im'), heatmaps: join(work, 'hm'), out: join(work, 'y'), onUnmatched: 'skip', labels: { b: 1 } }),
    ).rejects.toThrow("Error in packClickMe: the label of 'a' must be a non-negative integer, got undefined.");
  });
});

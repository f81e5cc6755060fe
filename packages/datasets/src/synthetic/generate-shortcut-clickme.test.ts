import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@harmonization/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadClickMe } from '../clickme/load-clickme';
import { parseExample } from '../example/parse-example';
import { readTFRecords } from '../tfrecord/read-tfrecords';
import { generateShortcutClickMe } from './generate-shortcut-clickme';
import { generateShortcutClickMeArrays } from './generate-shortcut-clickme-arrays';
import { SHORTCUT_HUES } from './render-shortcut-example';

function nearestHue(rgb: number[]): number {
  let best = 0;
  let bestD = Infinity;
  SHORTCUT_HUES.forEach((h, i) => {
    const d = h.reduce((s, v, c) => s + (v * 255 - rgb[c]!) ** 2, 0);
    if (d < bestD) [best, bestD] = [i, d];
  });
  return best;
}
function patchMean(images: Float32Array, n: number, size: number, box: ArrayLike<number>): number[] {
  const m = [0, 0, 0];
  // inner 3×3 of the 5×5 patch: JPEG smears its border into the background
  for (let y = box[0]! + 1; y < box[2]! - 1; y++)
    for (let x = box[1]! + 1; x < box[3]! - 1; x++) for (let c = 0; c < 3; c++) m[c]! += images[((n * size + y) * size + x) * 3 + c]! / 9;
  return m;
}
function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  const n = a.length;
  for (let i = 0; i < n; i++) {
    sa += a[i]!; sb += b[i]!; saa += a[i]! * a[i]!; sbb += b[i]! * b[i]!; sab += a[i]! * b[i]!;
  }
  return (sab - (sa * sb) / n) / Math.sqrt((saa - (sa * sa) / n) * (sbb - (sb * sb) / n));
}

describe('generateShortcutClickMe', () => {
  beforeAll(() => useBackend('cpu'));

  it('arrays: deterministic per seed, split semantics of the shortcut, brighter objects', () => {
    const a = generateShortcutClickMeArrays({ count: 300, seed: 3 });
    const b = generateShortcutClickMeArrays({ count: 300, seed: 3 });
    expect(Buffer.compare(Buffer.from(a.images.buffer), Buffer.from(b.images.buffer))).toBe(0);
    const c = generateShortcutClickMeArrays({ count: 300, seed: 4 });
    expect(Buffer.compare(Buffer.from(a.images.buffer), Buffer.from(c.images.buffer))).not.toBe(0);
    const agree = (x: typeof a) => x.labels.reduce((s, l, i) => s + (l === x.shortcutLabels[i] ? 1 : 0), 0) / x.count;
    expect(agree(a)).toBe(1);
    expect(agree(generateShortcutClickMeArrays({ count: 300, seed: 3, split: 'test-shortcut' }))).toBe(1);
    const test = generateShortcutClickMeArrays({ count: 600, seed: 3, split: 'test' });
    expect(agree(test)).toBeGreaterThan(0.08); // random hue: 1/6 chance of matching
    expect(agree(test)).toBeLessThan(0.26);
    const half = generateShortcutClickMeArrays({ count: 600, seed: 3, shortcutStrength: 0.5 });
    expect(agree(half)).toBeGreaterThan(0.5);
    expect(agree(half)).toBeLessThan(0.68);
    expect(new Set(a.labels).size).toBe(6);
    // Object pixels are brighter than the background on average in every image.
    const px = 32 * 32;
    for (let n = 0; n < 50; n++) {
      let fg = 0, nf = 0, bg = 0, nb = 0;
      for (let k = 0; k < px; k++) {
        const v = (a.images[(n * px + k) * 3]! + a.images[(n * px + k) * 3 + 1]! + a.images[(n * px + k) * 3 + 2]!) / 3;
        if (a.masks[n * px + k]) [fg, nf] = [fg + v, nf + 1];
        else [bg, nb] = [bg + v, nb + 1];
      }
      expect(fg / nf).toBeGreaterThan(bg / nb + 15);
    }
    expect(() => generateShortcutClickMeArrays({ count: 5, classes: 7 })).toThrow(
      'Error in generateShortcutClickMeArrays: classes must be an integer in 2..6, got 7.',
    );
  });

  it('shards hold ClickMe-schema records that loadClickMe reads; the hue patch and the human map survive JPEG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shortcut-'));
    const m = await generateShortcutClickMe({ dir, count: 96, seed: 5, shards: 3 });
    expect(m.files.map((f) => f.slice(dir.length + 1))).toEqual(['train-0.tfrecords', 'train-1.tfrecords', 'train-2.tfrecords']);
    const first = parseExample((await readTFRecords(m.files[0]!)[Symbol.asyncIterator]().next()).value as Uint8Array);
    expect(Object.keys(first).sort()).toEqual(['heatmap', 'image', 'label', 'shortcut/box', 'shortcut/label']);
    // The same generator stream, lossless, in record order: shard s holds examples 32s..32s+31.
    const ref = generateShortcutClickMeArrays({ count: 96, seed: 5 });
    const order: number[] = [];
    for (let r = 0; r < 32; r++) for (let s = 0; s < 3; s++) order.push(s * 32 + r); // the interleave
    const before = tf.memory().numTensors;
    let n = 0;
    let hueOk = 0;
    let minCorr = 1;
    let maxImageErr = 0;
    for await (const batch of loadClickMe({ dir, split: 'train', batchSize: 32, ...m.loadOptions })) {
      const images = batch.images.dataSync() as Float32Array;
      const heatmaps = batch.heatmaps.dataSync() as Float32Array;
      const labels = tf.argMax(batch.labels, -1);
      const lab = labels.dataSync();
      labels.dispose();
      for (let i = 0; i < 32; i++, n++) {
        const k = order[n]!;
        expect(lab[i]).toBe(ref.labels[k]);
        const box = ref.shortcutBoxes.subarray(k * 4, k * 4 + 4);
        if (nearestHue(patchMean(images, i, 32, box)) === ref.shortcutLabels[k]) hueOk++;
        minCorr = Math.min(minCorr, pearson(heatmaps.subarray(i * 1024, (i + 1) * 1024), ref.heatmaps.subarray(k * 1024, (k + 1) * 1024)));
        let err = 0;
        for (let j = 0; j < 1024 * 3; j++) err += Math.abs(images[i * 3072 + j]! - ref.images[k * 3072 + j]!);
        maxImageErr = Math.max(maxImageErr, err / 3072);
      }
      tf.dispose([batch.images, batch.heatmaps, batch.labels, batch.tokens]);
    }
    expect(n).toBe(96);
    expect(tf.memory().numTensors).toBe(before);
    expect(hueOk).toBe(96);
    expect(minCorr).toBeGreaterThan(0.99);
    expect(maxImageErr).toBeLessThan(12); // mean |JPEG − original| per value, of 255 (noise σ 0.08 ≈ 20)
    // Deterministic bytes for a seed.
    const dir2 = mkdtempSync(join(tmpdir(), 'shortcut-'));
    const m2 = await generateShortcutClickMe({ dir: dir2, count: 96, seed: 5, shards: 3 });
    expect(Buffer.compare(readFileSync(m.files[1]!), readFileSync(m2.files[1]!))).toBe(0);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@harmonization/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateShortcutClickMe } from '../synthetic/generate-shortcut-clickme';
import { loadClickMeExamples } from './load-clickme';
import { mixDatasets, type ImageOnlyExample, type MixClickMeExample } from './mix-datasets';

const S = 4;
function* clickme(n: number): Generator<MixClickMeExample> {
  for (let i = 0; i < n; i++) yield { image: new Float32Array(S * S * 3).fill(100 + i), heatmap: new Float32Array(S * S).fill(1 + i), label: 1 };
}
async function* imagenet(n: number): AsyncGenerator<ImageOnlyExample> {
  for (let i = 0; i < n; i++) yield { image: new Float32Array(S * S * 3).fill(i), label: 2 };
}

async function run(opts: Partial<Parameters<typeof mixDatasets>[0]> & { nc?: number; ni?: number }) {
  const tokens: number[] = [];
  let heatOk = true;
  const before = tf.memory().numTensors;
  for await (const b of mixDatasets({ clickme: clickme(opts.nc ?? 1000), images: imagenet(opts.ni ?? 4000), imageSize: S, numClasses: 3, batchSize: 16, ...opts })) {
    const t = Array.from(b.tokens.dataSync());
    tokens.push(...t);
    const h = b.heatmaps.dataSync();
    const l = b.labels.dataSync();
    t.forEach((tok, i) => {
      const hs = h.subarray(i * S * S, (i + 1) * S * S);
      // token 1 ↔ a human map (> 0) and label 1; token 0 ↔ zero map and label 2
      if (tok === 1 ? !(hs[0]! > 0 && l[i * 3 + 1] === 1) : !(hs.every((v) => v === 0) && l[i * 3 + 2] === 1)) heatOk = false;
    });
    tf.dispose([b.images, b.heatmaps, b.labels, b.tokens]);
  }
  expect(tf.memory().numTensors).toBe(before);
  return { tokens, heatOk };
}

describe('mixDatasets', () => {
  beforeAll(() => useBackend('cpu'));

  it('draws ClickMe with probability ratio (default 0.2), zero maps and token 0 for image-only, seeded', async () => {
    const a = await run({ seed: 1 });
    expect(a.heatOk).toBe(true);
    const share = a.tokens.reduce((s, t) => s + t, 0) / a.tokens.length;
    expect(a.tokens.length).toBeGreaterThan(4000);
    expect(Math.abs(share - 0.2)).toBeLessThan(0.02);
    expect((await run({ seed: 1 })).tokens).toEqual(a.tokens);
    expect((await run({ seed: 2 })).tokens).not.toEqual(a.tokens);
    const half = await run({ seed: 1, ratio: 0.5 });
    expect(Math.abs(half.tokens.reduce((s, t) => s + t, 0) / half.tokens.length - 0.5)).toBeLessThan(0.03);
  });

  it("stops at the first exhausted source, or goes on with the other ('all'), keeping the remainder if asked", async () => {
    const first = await run({ nc: 10, ni: 1000, ratio: 0.5 });
    expect(first.tokens.filter((t) => t === 1).length).toBeLessThanOrEqual(10);
    expect(first.tokens.length).toBeLessThan(40);
    const all = await run({ nc: 10, ni: 30, ratio: 0.5, stopWhen: 'all', dropRemainder: false });
    expect(all.tokens.length).toBe(40);
    expect(all.tokens.filter((t) => t === 1).length).toBe(10);
  });

  it('mixes real loader output (loadClickMeExamples on ClickMe-schema shards) with image-only data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mix-'));
    const m = await generateShortcutClickMe({ dir, count: 24, seed: 1, shards: 2 });
    const images = (function* () {
      for (let i = 0; ; i++) yield { image: new Float32Array(32 * 32 * 3).fill(i % 255), label: i % 6 };
    })();
    const before = tf.memory().numTensors;
    let clickmeSeen = 0;
    let batches = 0;
    for await (const b of mixDatasets({ clickme: loadClickMeExamples({ dir, split: 'train', batchSize: 8, ...m.loadOptions }), images, ratio: 0.5, seed: 3, batchSize: 8, imageSize: 32, numClasses: 6 })) {
      expect(b.images.shape).toEqual([8, 32, 32, 3]);
      expect(b.heatmaps.shape).toEqual([8, 32, 32, 1]);
      const t = b.tokens.dataSync();
      const h = b.heatmaps.dataSync();
      for (let i = 0; i < 8; i++) {
        const peak = Math.max(...h.subarray(i * 1024, (i + 1) * 1024));
        expect(peak > 100).toBe(t[i] === 1); // ClickMe rows carry a human map, image-only rows zeros
        clickmeSeen += t[i]!;
      }
      batches++;
      tf.dispose([b.images, b.heatmaps, b.labels, b.tokens]);
    }
    expect(clickmeSeen).toBeLessThanOrEqual(24);
    expect(clickmeSeen).toBeGreaterThan(8);
    expect(batches).toBeGreaterThan(2);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects mismatched examples clearly', async () => {
    const bad = mixDatasets({ clickme: clickme(5), images: [{ image: new Float32Array(5), label: 0 }], imageSize: S, numClasses: 3, ratio: 0 });
    await expect(bad[Symbol.asyncIterator]().next()).rejects.toThrow('Error in mixDatasets: images example #0 image must be a Float32Array of 4×4×3 = 48, got length 5.');
    expect(() => mixDatasets({ clickme: clickme(1), images: [], ratio: 2 })).toThrow('Error in mixDatasets: ratio must be in [0, 1], got 2.');
  });
});

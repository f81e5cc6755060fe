// The native decoder's C resize and blur give the TypeScript kernels' numbers (which the numpy
// references pin down), and its JPEG errors are sentences; it loads in worker threads too.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { blurHeatmapGaussian } from './blur-heatmap';
import { nativeDecoder, nativeDecoderStatus } from './native-decoder';
import { resizeBilinear } from './resize-bilinear';

const status = nativeDecoderStatus();
const native = nativeDecoder();
if (!native) console.warn(`native-decoder.test: SKIPPED, ${status.native ? '' : status.reason}`);

function pseudoRandom(n: number, seed: number, scale: number): number[] {
  const out: number[] = [];
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push((s / 2 ** 32) * scale);
  }
  return out;
}

function maxRelDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(1e-30, Math.abs(b[i]!)));
  return m;
}

describe.skipIf(!native)('native decoder kernels', () => {
  const cases: [number, number, number, number, number][] = [
    [256, 256, 3, 224, 224],
    [256, 256, 1, 64, 64],
    [64, 64, 1, 224, 224],
    [13, 10, 3, 7, 23],
    [1, 5, 2, 3, 1],
  ];
  it.each(cases)('resize %i×%i×%i → %i×%i is bit-identical to the TypeScript resize (uint8 and float32 input)', (h, w, c, oh, ow) => {
    const u8 = Uint8Array.from(pseudoRandom(h * w * c, h * 7 + w, 256), Math.floor);
    const f32 = Float32Array.from(pseudoRandom(h * w * c, h + w * 3, 10));
    for (const src of [u8, f32]) {
      const out = new Float32Array(oh * ow * c);
      native!.resizeBilinear(src, h, w, c, out, oh, ow);
      expect(out).toEqual(resizeBilinear(src, h, w, c, oh, ow));
    }
  });

  it.each([
    [64, 64, 10, 10],
    [17, 9, 5, 2],
    [3, 4, 10, 10],
  ])('blur %i×%i, kernel %i, sigma %i matches the TypeScript blur to 1e-6 relative', (h, w, size, sigma) => {
    const src = Float32Array.from(pseudoRandom(h * w, size * 31 + h, 255));
    const out = new Float32Array(h * w);
    native!.blurGaussian(src, h, w, size, sigma, out);
    expect(maxRelDiff(out, blurHeatmapGaussian(src, h, w, size, sigma))).toBeLessThan(1e-6);
  });

  it('rejects what it cannot decode with a sentence', () => {
    expect(() => native!.decodeJpeg(new Uint8Array([1, 2, 3, 4]), true)).toThrow('Not a JPEG file: starts with 0x01 0x02');
    expect(() => native!.decodeJpeg(new Uint8Array(0), true)).toThrow('decodeJpeg: bytes must be a non-empty Uint8Array');
    expect(() => native!.resizeBilinear(new Float32Array(5), 2, 2, 1, new Float32Array(4), 2, 2)).toThrow(
      'resizeBilinear: src must be a Uint8Array or Float32Array of 2·2·1 values',
    );
  });

  it('loads and decodes in two worker threads at once', async () => {
    const script = `
      const { parentPort, workerData } = require('node:worker_threads');
      const addon = require(workerData.path);
      const out = new Float32Array(4 * 4 * 3);
      const src = new Uint8Array(8 * 8 * 3).map((_, i) => (i * 37) % 256);
      let total = 0;
      for (let r = 0; r < 200; r++) { addon.resizeBilinear(src, 8, 8, 3, out, 4, 4); total += out[5]; }
      parentPort.postMessage(total);`;
    const path = status.native ? status.path : '';
    const runs = await Promise.all(
      [0, 1].map(
        () =>
          new Promise<number>((resolve, reject) => {
            const w = new Worker(script, { eval: true, workerData: { path } });
            w.once('message', (v: number) => void w.terminate().then(() => resolve(v)));
            w.once('error', reject);
          }),
      ),
    );
    const out = new Float32Array(4 * 4 * 3);
    native!.resizeBilinear(new Uint8Array(8 * 8 * 3).map((_, i) => (i * 37) % 256), 8, 8, 3, out, 4, 4);
    expect(runs).toEqual([out[5]! * 200, out[5]! * 200]);
  });
});

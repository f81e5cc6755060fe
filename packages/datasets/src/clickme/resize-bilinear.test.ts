import * as tf from '@tensorflow/tfjs-core';
import { loadReference, TEST_BACKENDS, useBackend } from '@harmonization/test-support';
import { describe, expect, it } from 'vitest';
import { blurHeatmap, blurHeatmapGaussian } from './blur-heatmap';
import { gaussianKernel } from './gaussian-kernel';
import { formulaImage, maxAbsDiff, type ResizeBlurReference } from './reference-types.test-util';
import { resizeBilinear } from './resize-bilinear';

const ref = loadReference<ResizeBlurReference>('datasets_resize_blur');

describe('resizeBilinear (TF2 half-pixel centres, no antialias)', () => {
  it('matches the numpy reference on up/down/odd resizes to 1e-4', () => {
    for (const c of ref.resize_cases) {
      const [h, w, ch] = c.shape;
      const out = resizeBilinear(Float32Array.from(c.input), h, w, ch, c.out[0], c.out[1]);
      expect(maxAbsDiff(out, c.expected), JSON.stringify(c.shape) + '→' + JSON.stringify(c.out)).toBeLessThan(1e-4);
    }
  });

  it('256→64 without antialias averages pixels 4k+1 and 4k+2; same size is the identity', () => {
    const x = formulaImage(256, 256, 1);
    const out = resizeBilinear(x, 256, 256, 1, 64, 64);
    expect(maxAbsDiff(out, ref.chain.heatmap64)).toBeLessThan(1e-4);
    const at = (i: number, j: number) => x[i * 256 + j]!;
    expect(out[3 * 64 + 5]).toBeCloseTo((at(13, 21) + at(13, 22) + at(14, 21) + at(14, 22)) / 4, 4);
    const u8 = Uint8Array.from(formulaImage(9, 7, 3));
    expect(Array.from(resizeBilinear(u8, 9, 7, 3, 9, 7))).toEqual(Array.from(u8));
  });

  it('256→224 RGB matches the reference samples and sum', () => {
    const out = resizeBilinear(formulaImage(256, 256, 3), 256, 256, 3, 224, 224);
    const idx = ref.chain.sample_index;
    const samples: number[] = [];
    for (const i of idx) for (const j of idx) for (let c = 0; c < 3; c++) samples.push(out[(i * 224 + j) * 3 + c]!);
    expect(maxAbsDiff(samples, ref.chain.image224_samples)).toBeLessThan(1e-4);
    expect(Math.abs(out.reduce((s, v) => s + v, 0) - ref.chain.image224_sum) / ref.chain.image224_sum).toBeLessThan(1e-6);
  });

  for (const backend of TEST_BACKENDS) {
    it(`agrees with tf.image.resizeBilinear(halfPixelCenters=true) on ${backend}`, async () => {
      await useBackend(backend);
      for (const [h, w, c, oh, ow] of [
        [256, 256, 3, 224, 224],
        [256, 256, 1, 64, 64],
        [64, 64, 1, 224, 224],
        [5, 7, 2, 9, 4],
      ] as const) {
        const x = formulaImage(h, w, c);
        const expected = tf.tidy(() => tf.image.resizeBilinear(tf.tensor3d(x, [h, w, c]), [oh, ow], false, true).dataSync());
        // tfjs computes the source coordinate with a float64 scale, TF's CPU kernel (and we) in
        // float32: lerps differ by ~3e-5, so values in 0..255 differ by up to ~0.008.
        expect(maxAbsDiff(resizeBilinear(x, h, w, c, oh, ow), expected), `${h}x${w}x${c}→${oh}x${ow}`).toBeLessThan(0.01);
      }
    });
  }

  it('rejects a data length that does not match the shape', () => {
    expect(() => resizeBilinear(new Float32Array(10), 2, 2, 3, 4, 4)).toThrow(
      'Error in resizeBilinear: data must hold height·width·channels = 2·2·3 = 12 values, got 10.',
    );
  });
});

describe('gaussianKernel and blurHeatmap (SPEC §3)', () => {
  it('kernel values match the reference for 10/10 (off-centre), 5/2, 4/1.5 and 1/1', () => {
    for (const k of ref.kernels) expect(maxAbsDiff(gaussianKernel(k.size, k.sigma), k.values), `${k.size}/${k.sigma}`).toBeLessThan(1e-7);
    const k = gaussianKernel();
    // SPEC §3: max at row 4, col 5; min at row 9, col 0; corner; sum 1.
    expect(k.indexOf(Math.max(...k))).toBe(4 * 10 + 5);
    expect(k.indexOf(Math.min(...k))).toBe(9 * 10 + 0);
    expect(k[0]).toBeCloseTo(0.008856, 6);
    expect(k.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
  });

  it('blur matches scipy on a 12×9 map (SAME zero padding 4 before, 5 after)', () => {
    for (const c of ref.blur_cases) {
      const out = blurHeatmap(Float32Array.from(c.input), c.shape[0], c.shape[1], gaussianKernel(c.size, c.sigma));
      expect(maxAbsDiff(out, c.expected), `${c.size}/${c.sigma}`).toBeLessThan(1e-6);
      const sep = blurHeatmapGaussian(Float32Array.from(c.input), c.shape[0], c.shape[1], c.size, c.sigma);
      expect(maxAbsDiff(sep, c.expected), `separable ${c.size}/${c.sigma}`).toBeLessThan(1e-6);
    }
  });

  it('the full heatmap chain 256 → 64 → blur → 224 matches the reference to 1e-4', () => {
    const h64 = resizeBilinear(formulaImage(256, 256, 1), 256, 256, 1, 64, 64);
    const blurred = blurHeatmap(h64, 64, 64);
    expect(maxAbsDiff(blurred, ref.chain.heatmap64_blurred)).toBeLessThan(1e-4);
    expect(maxAbsDiff(blurHeatmapGaussian(h64, 64, 64, 10, 10), ref.chain.heatmap64_blurred)).toBeLessThan(1e-4);
    const h224 = resizeBilinear(blurred, 64, 64, 1, 224, 224);
    const idx = ref.chain.sample_index;
    const samples = idx.flatMap((i) => idx.map((j) => h224[i * 224 + j]!));
    expect(maxAbsDiff(samples, ref.chain.heatmap224_samples)).toBeLessThan(1e-4);
  });

  it('agrees with tf.conv2d SAME on cpu (the op the original used)', async () => {
    await useBackend('cpu');
    const m = formulaImage(64, 64, 1);
    const k = gaussianKernel();
    const expected = tf.tidy(() => tf.conv2d(tf.tensor4d(m, [1, 64, 64, 1]), tf.tensor4d(k, [10, 10, 1, 1]), 1, 'same').dataSync());
    expect(maxAbsDiff(blurHeatmap(m, 64, 64, k), expected)).toBeLessThan(1e-3);
  });
});

// The fallback decode path, as on a machine without the native build: sharp (libvips,
// INTEGER_ACCURATE only) and the TypeScript resize/blur.
process.env.HARMONIZATION_DATASETS_NATIVE = '0';

import { loadReference } from '@harmonization/test-support';
import { describe, expect, it } from 'vitest';
import { decodeClickMeArrays, decodeImageRaw } from './decode-clickme-arrays';
import { encodeClickMeExample } from './encode-clickme-example';
import { nativeDecoderStatus } from './native-decoder';
import { expectedChain, maxAbsDiff, samples, sum, type DecodeReference } from './reference-types.test-util';

const ref = loadReference<DecodeReference>('datasets_decode_clickme');
const imageJpeg = new Uint8Array(Buffer.from(ref.image_jpeg_base64, 'base64'));
const heatmapJpeg = new Uint8Array(Buffer.from(ref.heatmap_jpeg_base64, 'base64'));

describe('decodeClickMe without the native decoder (sharp + TypeScript)', () => {
  it('reports why it is not native', () => {
    expect(nativeDecoderStatus()).toEqual({ native: false, reason: 'disabled by HARMONIZATION_DATASETS_NATIVE=0' });
  });

  it('sharp decodes to PIL\'s INTEGER_ACCURATE pixels whatever dctMethod says', async () => {
    const want = expectedChain(ref, 'INTEGER_ACCURATE');
    for (const dct of ['INTEGER_FAST', 'INTEGER_ACCURATE'] as const) {
      const img = await decodeImageRaw(imageJpeg, dct);
      expect(Array.from(img.data.subarray(100 * 768, 101 * 768))).toEqual(want.row100);
      expect(sum(img.data)).toBe(want.imageSum);
      expect(sum((await decodeImageRaw(heatmapJpeg, dct)).data)).toBe(want.heatmapSum);
    }
  });

  it('the TypeScript chain matches numpy to 1e-4', async () => {
    const want = expectedChain(ref, 'INTEGER_ACCURATE');
    const ex = await decodeClickMeArrays(encodeClickMeExample({ image: imageJpeg, heatmap: heatmapJpeg, label: ref.label }));
    expect(maxAbsDiff(samples(ex.image, 224, 3, ref.sample_index), want.image224Samples)).toBeLessThan(1e-4);
    expect(maxAbsDiff(samples(ex.heatmap, 224, 1, ref.sample_index), want.heatmap224Samples)).toBeLessThan(1e-4);
    expect(Math.abs(sum(ex.image) - want.image224Sum) / want.image224Sum).toBeLessThan(1e-6);
    expect(ex.label).toBe(ref.label);
  });

  it('a truncated JPEG fails with the same sentence as on the native path', async () => {
    await expect(
      decodeClickMeArrays(encodeClickMeExample({ image: imageJpeg.subarray(0, 50), heatmap: heatmapJpeg, label: 1 })),
    ).rejects.toThrow(/^Error in decodeClickMe: image must be a decodable JPEG, got 50 bytes that fail/);
  });
});

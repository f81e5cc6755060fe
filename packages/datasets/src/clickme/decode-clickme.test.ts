import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import { loadReference, useBackend } from '@harmonization/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeExample } from '../example/encode-example';
import { decodeClickMe } from './decode-clickme';
import { decodeClickMeArrays, decodeImageRaw } from './decode-clickme-arrays';
import { encodeClickMeExample } from './encode-clickme-example';
import { nativeDecoderStatus } from './native-decoder';
import { expectedChain, maxAbsDiff, samples, sum, type DecodeReference } from './reference-types.test-util';

const ref = loadReference<DecodeReference>('datasets_decode_clickme');
const imageJpeg = new Uint8Array(Buffer.from(ref.image_jpeg_base64, 'base64'));
const heatmapJpeg = new Uint8Array(Buffer.from(ref.heatmap_jpeg_base64, 'base64'));
const record = encodeClickMeExample({ image: imageJpeg, heatmap: heatmapJpeg, label: ref.label });
// Without the native build every JPEG decodes through sharp, which only knows INTEGER_ACCURATE.
const status = nativeDecoderStatus();
const defaultDct = status.native ? 'INTEGER_FAST' : 'INTEGER_ACCURATE';
if (!status.native) console.warn(`decode-clickme.test: testing the sharp path only: ${status.reason}`);

describe('decodeClickMe (SPEC §2.3 on real JPEG bytes)', () => {
  beforeAll(() => useBackend('cpu'));

  it.each(['INTEGER_FAST', 'INTEGER_ACCURATE'] as const)(
    'decodes to the pixels of libjpeg-turbo with %s (djpeg -dct fast; PIL = djpeg -dct int)',
    async (dct) => {
      const want = expectedChain(ref, status.native ? dct : 'INTEGER_ACCURATE');
      const img = await decodeImageRaw(imageJpeg, dct);
      expect([img.height, img.width, img.channels]).toEqual([256, 256, 3]);
      expect(Array.from(img.data.subarray(100 * 768, 101 * 768))).toEqual(want.row100);
      expect(sum(img.data)).toBe(want.imageSum);
      const hm = await decodeImageRaw(heatmapJpeg, dct);
      expect([hm.height, hm.width, hm.channels]).toEqual([256, 256, 1]);
      expect(sum(hm.data)).toBe(want.heatmapSum);
    },
  );

  it(`the default (${defaultDct}) and INTEGER_ACCURATE chains give image [224,224,3], heatmap [224,224,1], one-hot [1000] matching numpy to 1e-4`, async () => {
    for (const dct of [undefined, 'INTEGER_ACCURATE'] as const) {
      const want = expectedChain(ref, dct ?? defaultDct);
      const before = tf.memory().numTensors;
      const ex = await decodeClickMe(record, { dctMethod: dct });
      expect(ex.image.shape).toEqual([224, 224, 3]);
      expect(ex.heatmap.shape).toEqual([224, 224, 1]);
      expect(ex.label.shape).toEqual([1000]);
      expect([ex.image.dtype, ex.heatmap.dtype, ex.label.dtype]).toEqual(['float32', 'float32', 'float32']);
      const image = ex.image.dataSync() as Float32Array;
      const heatmap = ex.heatmap.dataSync() as Float32Array;
      expect(maxAbsDiff(samples(image, 224, 3, ref.sample_index), want.image224Samples)).toBeLessThan(1e-4);
      expect(maxAbsDiff(samples(heatmap, 224, 1, ref.sample_index), want.heatmap224Samples)).toBeLessThan(1e-4);
      expect(Math.abs(sum(image) - want.image224Sum) / want.image224Sum).toBeLessThan(1e-6);
      expect(Math.abs(sum(heatmap) - want.heatmap224Sum) / want.heatmap224Sum).toBeLessThan(1e-6);
      expect(Math.min(...heatmap)).toBeGreaterThanOrEqual(0);
      const label = ex.label.dataSync() as Float32Array;
      expect(label[ref.label]).toBe(1);
      expect(sum(label)).toBe(1);
      tf.dispose([ex.image, ex.heatmap, ex.label]);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('INTEGER_FAST and INTEGER_ACCURATE pixels differ by a few levels at most', async () => {
    expect(ref.fast_vs_accurate_max_abs).toBeGreaterThan(0);
    expect(ref.fast_vs_accurate_max_abs).toBeLessThanOrEqual(4);
    if (!status.native) return;
    const fast = await decodeImageRaw(imageJpeg, 'INTEGER_FAST');
    const accurate = await decodeImageRaw(imageJpeg, 'INTEGER_ACCURATE');
    expect(maxAbsDiff(fast.data, accurate.data)).toBe(ref.fast_vs_accurate_max_abs);
  });

  it('sizes are configurable; blur false resizes the map directly', async () => {
    const ex = await decodeClickMeArrays(record, { imageSize: 32, heatmapSize: [16, 8], blurSize: 20, numClasses: 300 });
    expect(ex.image.length).toBe(32 * 32 * 3);
    expect(ex.heatmap.length).toBe(16 * 8);
    const noBlur = await decodeClickMeArrays(record, { imageSize: 32, blur: false });
    expect(noBlur.heatmap.length).toBe(32 * 32);
    expect(maxAbsDiff(noBlur.heatmap, ex.heatmap)).toBeGreaterThan(0);
  });

  it('malformed records fail with a clear message', async () => {
    const gray = await sharp(Buffer.alloc(256 * 256, 7), { raw: { width: 256, height: 256, channels: 1 } }).toColourspace('b-w').jpeg().toBuffer();
    const small = await sharp(Buffer.alloc(64 * 64 * 3, 7), { raw: { width: 64, height: 64, channels: 3 } }).jpeg().toBuffer();
    await expect(decodeClickMeArrays(encodeClickMeExample({ image: gray, heatmap: heatmapJpeg, label: 1 }))).rejects.toThrow(
      'Error in decodeClickMe: image must decode to 3 channels, got 256×256×1.',
    );
    await expect(decodeClickMeArrays(encodeClickMeExample({ image: small, heatmap: heatmapJpeg, label: 1 }))).rejects.toThrow(
      'Error in decodeClickMe: image must decode to 256×256, got 64×64×3 (set sourceSize to accept other sizes).',
    );
    await expect(decodeClickMeArrays(encodeClickMeExample({ image: imageJpeg, heatmap: heatmapJpeg, label: 1000 }))).rejects.toThrow(
      'Error in decodeClickMe: label must be an integer in [0, 1000), got 1000.',
    );
    await expect(decodeClickMeArrays(encodeExample({ image: { bytesList: [imageJpeg] }, label: { int64List: [1n] } }))).rejects.toThrow(
      "Error in decodeClickMe: record must have a 'heatmap' bytes feature holding one JPEG, got no such feature.",
    );
    await expect(
      decodeClickMeArrays(encodeClickMeExample({ image: imageJpeg.subarray(0, 50), heatmap: heatmapJpeg, label: 1 })),
    ).rejects.toThrow(/^Error in decodeClickMe: image must be a decodable JPEG, got 50 bytes that fail/);
    await expect(decodeClickMeArrays(new Uint8Array([1, 2, 3]))).rejects.toThrow(/^Error in parseExample/);
    await expect(decodeClickMe(record, { imageSize: 0 })).rejects.toThrow(
      'Error in decodeClickMe: imageSize must be a positive integer or [height, width], got 0.',
    );
    await expect(decodeClickMe(record, { dctMethod: 'FLOAT' as never })).rejects.toThrow(
      `Error in decodeClickMe: dctMethod must be 'INTEGER_FAST' or 'INTEGER_ACCURATE', got "FLOAT".`,
    );
  });
});

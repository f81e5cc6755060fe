import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import { loadReference, useBackend } from '@harmonization/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeExample } from '../example/encode-example';
import { decodeClickMe } from './decode-clickme';
import { decodeClickMeArrays, decodeImageRaw } from './decode-clickme-arrays';
import { encodeClickMeExample } from './encode-clickme-example';
import { maxAbsDiff } from './reference-types.test-util';

interface DecodeReference {
  image_jpeg_base64: string;
  heatmap_jpeg_base64: string;
  label: number;
  decoded_image_sum: number;
  decoded_heatmap_sum: number;
  decoded_image_row100: number[];
  sample_index: number[];
  image224_samples: number[];
  image224_sum: number;
  heatmap224_samples: number[];
  heatmap224_sum: number;
  heatmap224_min: number;
}
const ref = loadReference<DecodeReference>('datasets_decode_clickme');
const imageJpeg = new Uint8Array(Buffer.from(ref.image_jpeg_base64, 'base64'));
const heatmapJpeg = new Uint8Array(Buffer.from(ref.heatmap_jpeg_base64, 'base64'));
const record = encodeClickMeExample({ image: imageJpeg, heatmap: heatmapJpeg, label: ref.label });

function samples(data: Float32Array, side: number, channels: number, idx: number[]): number[] {
  const out: number[] = [];
  for (const i of idx) for (const j of idx) for (let c = 0; c < channels; c++) out.push(data[(i * side + j) * channels + c]!);
  return out;
}

describe('decodeClickMe (SPEC §2.3 on real JPEG bytes)', () => {
  beforeAll(() => useBackend('cpu'));

  it('sharp decodes the JPEGs to the same pixels as PIL (libjpeg-turbo)', async () => {
    const img = await decodeImageRaw(imageJpeg);
    expect([img.height, img.width, img.channels]).toEqual([256, 256, 3]);
    expect(Array.from(img.data.subarray(100 * 768, 101 * 768))).toEqual(ref.decoded_image_row100);
    expect(img.data.reduce((s, v) => s + v, 0)).toBe(ref.decoded_image_sum);
    const hm = await decodeImageRaw(heatmapJpeg);
    expect([hm.height, hm.width, hm.channels]).toEqual([256, 256, 1]);
    expect(hm.data.reduce((s, v) => s + v, 0)).toBe(ref.decoded_heatmap_sum);
  });

  it('image [224,224,3], heatmap [224,224,1], label one-hot [1000] match the numpy chain to 1e-4', async () => {
    const before = tf.memory().numTensors;
    const ex = await decodeClickMe(record);
    expect(ex.image.shape).toEqual([224, 224, 3]);
    expect(ex.heatmap.shape).toEqual([224, 224, 1]);
    expect(ex.label.shape).toEqual([1000]);
    expect([ex.image.dtype, ex.heatmap.dtype, ex.label.dtype]).toEqual(['float32', 'float32', 'float32']);
    const image = ex.image.dataSync() as Float32Array;
    const heatmap = ex.heatmap.dataSync() as Float32Array;
    expect(maxAbsDiff(samples(image, 224, 3, ref.sample_index), ref.image224_samples)).toBeLessThan(1e-4);
    expect(maxAbsDiff(samples(heatmap, 224, 1, ref.sample_index), ref.heatmap224_samples)).toBeLessThan(1e-4);
    expect(Math.abs(image.reduce((s, v) => s + v, 0) - ref.image224_sum) / ref.image224_sum).toBeLessThan(1e-6);
    expect(Math.abs(heatmap.reduce((s, v) => s + v, 0) - ref.heatmap224_sum) / ref.heatmap224_sum).toBeLessThan(1e-6);
    expect(Math.min(...heatmap)).toBeGreaterThanOrEqual(0);
    const label = ex.label.dataSync() as Float32Array;
    expect(label[ref.label]).toBe(1);
    expect(label.reduce((s, v) => s + v, 0)).toBe(1);
    tf.dispose([ex.image, ex.heatmap, ex.label]);
    expect(tf.memory().numTensors).toBe(before);
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
  });
});

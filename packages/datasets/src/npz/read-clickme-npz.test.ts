import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync, zipSync } from 'fflate';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeClickMe } from '../clickme/decode-clickme';
import { encodeExample } from '../example/encode-example';
import { readNpz } from './read-npz';
import { decodeClickMeNpzArrays, readClickMeNpz, readClickMeNpzCollection } from './read-clickme-npz';
import { openZip } from './zip-archive';

const FIXTURES = fileURLToPath(new URL('../../../../tools/reference/fixtures/datasets_npz/', import.meta.url));
const SAMPLE = `${FIXTURES}clickme_sample.npz`;

let work: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  work = await mkdtemp(join(tmpdir(), 'clickme-npz-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('readClickMeNpz', () => {
  it('gives exactly what decodeClickMe gives for the same pixels stored losslessly in a record', async () => {
    const arrays = await readNpz(SAMPLE);
    const image = arrays.get('image')!.data as Uint8Array;
    const heatmap = arrays.get('heatmap')!.data as Uint8Array;
    // PNG keeps the pixels exactly, so both paths see the same input.
    const record = encodeExample({
      image: { bytesList: [new Uint8Array(await sharp(image, { raw: { width: 256, height: 256, channels: 3 } }).png().toBuffer())] },
      heatmap: { bytesList: [new Uint8Array(await sharp(heatmap, { raw: { width: 256, height: 256, channels: 1 } }).toColourspace('b-w').png().toBuffer())] },
      label: { int64List: [207n] },
    });
    const before = tf.memory().numTensors;
    const fromNpz = await readClickMeNpz(SAMPLE);
    const fromRecord = await decodeClickMe(record);
    expect(fromNpz.image.shape).toEqual([224, 224, 3]);
    expect(fromNpz.heatmap.shape).toEqual([224, 224, 1]);
    expect(Array.from(await fromNpz.image.data())).toEqual(Array.from(await fromRecord.image.data()));
    expect(Array.from(await fromNpz.heatmap.data())).toEqual(Array.from(await fromRecord.heatmap.data()));
    const label = Array.from(await fromNpz.label.data());
    expect(label.indexOf(1)).toBe(207);
    expect(label.reduce((a, b) => a + b, 0)).toBe(1);
    // The map's peak (the Gaussian at x 150, y 90 of 256) lands near (131, 79) at 224.
    const h = await fromNpz.heatmap.data();
    let best = 0;
    for (let i = 1; i < h.length; i++) if (h[i]! > h[best]!) best = i;
    const [py, px] = [Math.floor(best / 224), best % 224];
    expect(Math.abs(py - 78.5)).toBeLessThan(5);
    expect(Math.abs(px - 130.8)).toBeLessThan(5);
    tf.dispose([fromNpz.image, fromNpz.heatmap, fromNpz.label, fromRecord.image, fromRecord.heatmap, fromRecord.label]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('accepts [h, w] maps, one-hot labels and sizes of smaller experiments; rejects wrong shapes', async () => {
    const members = unzipSync(new Uint8Array(await readFile(SAMPLE)));
    // Re-pack the sample with a 2-D heatmap and a one-hot label, written here as .npy by hand.
    const npy = (descr: string, shape: number[], data: Uint8Array) => {
      const header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
      const padded = header.padEnd(Math.ceil((10 + header.length + 1) / 64) * 64 - 10 - 1, ' ') + '\n';
      const out = new Uint8Array(10 + padded.length + data.length);
      out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, padded.length & 0xff, padded.length >> 8]);
      out.set(new TextEncoder().encode(padded), 10);
      out.set(data, 10 + padded.length);
      return out;
    };
    const heat = (await readNpz(SAMPLE)).get('heatmap')!.data as Uint8Array;
    const oneHot = new Float32Array(10);
    oneHot[4] = 1;
    const npz = zipSync({
      'image.npy': members['image.npy']!,
      'heatmap.npy': npy('|u1', [256, 256], heat),
      'label.npy': npy('<f4', [10], new Uint8Array(oneHot.buffer)),
    });
    const ex = decodeClickMeNpzArrays(npz, { imageSize: 32, blurSize: 16, blur: { size: 4, sigma: 2 }, numClasses: 10 });
    expect(ex.image).toHaveLength(32 * 32 * 3);
    expect(ex.heatmap).toHaveLength(32 * 32);
    expect(ex.label).toBe(4);

    const bad = zipSync({ 'image.npy': npy('|u1', [16, 16], new Uint8Array(256)), 'heatmap.npy': npy('|u1', [16, 16], new Uint8Array(256)) });
    expect(() => decodeClickMeNpzArrays(bad, { label: 1 }, 'x.npz')).toThrow(
      "Error in readClickMeNpz: x.npz 'image' must have shape [height, width, 3], got [16, 16].",
    );
    expect(() => decodeClickMeNpzArrays(zipSync({ 'image.npy': members['image.npy']!, 'heatmap.npy': members['heatmap.npy']! }), {}, 'y.npz')).toThrow(
      "Error in readClickMeNpz: y.npz must hold a 'label' key (or pass options.label), got keys image, heatmap.",
    );
  });
});

describe('readClickMeNpzCollection', () => {
  it('reads a zip of npz member by member, labels from the npz or from metadata.json', async () => {
    const sample = new Uint8Array(await readFile(SAMPLE));
    const m = unzipSync(sample);
    const unlabelled = zipSync({ 'image.npy': m['image.npy']!, 'heatmap.npy': m['heatmap.npy']! }, { level: 0 });
    const zipPath = join(work, 'clickme_val.zip');
    await writeFile(
      zipPath,
      zipSync({
        'clickme_val/b.npz': unlabelled,
        'clickme_val/a.npz': sample,
        'clickme_val/metadata.json': new TextEncoder().encode(JSON.stringify({ 'b.npz': 12 })),
        'clickme_val/readme.txt': new TextEncoder().encode('not an example'),
      }),
    );
    const seen: [string, number, number][] = [];
    for await (const ex of readClickMeNpzCollection(zipPath, { imageSize: 56 })) seen.push([ex.name, ex.label, ex.image.length]);
    expect(seen).toEqual([
      ['clickme_val/a.npz', 207, 56 * 56 * 3],
      ['clickme_val/b.npz', 12, 56 * 56 * 3],
    ]);

    // The same as a folder.
    const dir = join(work, 'folder');
    await mkdir(dir);
    await writeFile(join(dir, 'a.npz'), sample);
    await writeFile(join(dir, 'b.npz'), unlabelled);
    await writeFile(join(dir, 'metadata.json'), JSON.stringify({ b: '12' }));
    const labels: number[] = [];
    for await (const ex of readClickMeNpzCollection(dir, { imageSize: 56 })) labels.push(ex.label);
    expect(labels).toEqual([207, 12]);
  });

  it('openZip reads numpy-written npz (zip64 local headers) and finds corrupt members', async () => {
    const zip = await openZip(`${FIXTURES}arrays_compressed.npz`);
    try {
      const names = zip.entries.map((e) => e.name).sort();
      expect(names).toContain('f4.npy');
      const direct = unzipSync(new Uint8Array(await readFile(`${FIXTURES}arrays_compressed.npz`)));
      for (const e of zip.entries) expect(Buffer.compare(await zip.read(e), direct[e.name]!)).toBe(0);
    } finally {
      await zip.close();
    }
    const bytes = new Uint8Array(await readFile(`${FIXTURES}arrays.npz`));
    const zip2 = await openZip(`${FIXTURES}arrays.npz`);
    const entry = zip2.entries[0]!;
    await zip2.close();
    // Flip one byte of the first stored member's data and expect the CRC check to fail.
    const corrupt = bytes.slice();
    corrupt[entry.localHeaderOffset + 30 + entry.name.length + 20 + 100]! ^= 0xff;
    const path = join(work, 'corrupt.npz');
    await writeFile(path, corrupt);
    const zip3 = await openZip(path);
    await expect(zip3.read(zip3.entries[0]!)).rejects.toThrow(`Error in openZip: ${path} has a corrupt member '${entry.name}' (size or CRC-32 mismatch).`);
    await zip3.close();
    await writeFile(join(work, 'not.zip'), 'hello');
    await expect(openZip(join(work, 'not.zip'))).rejects.toThrow('is not a zip file (no end-of-central-directory record).');
  });
});

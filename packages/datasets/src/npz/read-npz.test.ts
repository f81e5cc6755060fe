import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadReference } from '@harmonization/test-support';
import { npyToNumbers, readNpy, type NpyArray } from './read-npy';
import { readNpz } from './read-npz';

const FIXTURES = fileURLToPath(new URL('../../../../tools/reference/fixtures/datasets_npz/', import.meta.url));

interface RefArray {
  shape: number[];
  descr: string;
  data: (number | string | null)[];
  inf?: number[];
  fortran: boolean;
}
const ref = loadReference<{ arrays: Record<string, RefArray> }>('datasets_npz');

function expectMatches(a: NpyArray, r: RefArray) {
  expect(a.shape).toEqual(r.shape);
  expect(a.descr).toBe(r.descr);
  expect(a.fortranOrder).toBe(r.fortran);
  if (Array.isArray(a.data)) {
    expect(a.data).toEqual(r.data);
  } else if (a.dtype === 'int64' || a.dtype === 'uint64') {
    expect(Array.from(a.data as BigInt64Array, String)).toEqual(r.data);
  } else if (a.dtype.startsWith('float')) {
    const got = Array.from(a.data as Float64Array);
    got.forEach((v, i) => {
      const sign = r.inf?.[i] ?? 0;
      if (sign !== 0) expect(v).toBe(sign * Infinity);
      else expect(v).toBe(r.data[i]); // exact: JSON carries the float64 value, float32 widens exactly
    });
  } else {
    expect(Array.from(a.data as Uint8Array, String)).toEqual(r.data);
  }
}

describe('readNpz / readNpy on files written by numpy', () => {
  for (const file of ['arrays.npz', 'arrays_compressed.npz']) {
    it(`reads every array of ${file} (savez${file.includes('compressed') ? '_compressed' : ''}) exactly`, async () => {
      const arrays = await readNpz(`${FIXTURES}${file}`);
      expect([...arrays.keys()].sort()).toEqual(Object.keys(ref.arrays).sort());
      for (const [key, r] of Object.entries(ref.arrays)) expectMatches(arrays.get(key)!, r);
    });
  }

  it('puts Fortran-order data in C order', async () => {
    const arrays = await readNpz(`${FIXTURES}arrays.npz`, { keys: ['i4_fortran', 'f4', 'f4_fortran'] });
    const i4 = arrays.get('i4_fortran')!;
    expect(i4.fortranOrder).toBe(true);
    expect(i4.shape).toEqual([2, 3, 4]);
    expect(Array.from(i4.data as Int32Array)).toEqual(Array.from({ length: 24 }, (_, i) => i - 10));
    expect(Array.from(arrays.get('f4_fortran')!.data as Float32Array)).toEqual(Array.from(arrays.get('f4')!.data as Float32Array));
  });

  it('reads scalars, empty arrays, bool, big-endian and unicode', async () => {
    const arrays = await readNpz(`${FIXTURES}arrays_compressed.npz`);
    expect(arrays.get('scalar')).toMatchObject({ shape: [], dtype: 'float64' });
    expect(npyToNumbers(arrays.get('scalar')!)).toEqual([2.25]);
    expect(arrays.get('empty')).toMatchObject({ shape: [0, 3], dtype: 'float32' });
    expect(npyToNumbers(arrays.get('boolean')!)).toEqual([1, 0, 1]);
    expect(npyToNumbers(arrays.get('big_endian')!)).toEqual([1.5, -2]);
    expect(arrays.get('names')!.data).toEqual(['cat', 'füchse', '']);
    expect(npyToNumbers(arrays.get('i8')!)).toEqual([-(2 ** 62), -1, 0, 2 ** 40 + 7]);
  });

  it('refuses a pickled object array clearly, and reads the others when asked only for them', async () => {
    await expect(readNpz(`${FIXTURES}pickled.npz`)).rejects.toThrow(
      `Error in readNpy: ${FIXTURES}pickled.npz:objects.npy holds a pickled object array (dtype '|O'), which cannot be read without Python`,
    );
    const ok = await readNpz(`${FIXTURES}pickled.npz`, { keys: ['ok'] });
    expect(npyToNumbers(ok.get('ok')!)).toEqual([0, 1, 2]);
  });

  it('names missing keys, non-zip input and a bad .npy', async () => {
    await expect(readNpz(`${FIXTURES}arrays.npz`, { keys: ['f4', 'nope'] })).rejects.toThrow(
      `Error in readNpz: ${FIXTURES}arrays.npz must hold the keys f4, nope, missing nope.`,
    );
    await expect(readNpz(new Uint8Array([1, 2, 3, 4]))).rejects.toThrow(/Error in readNpz: the \.npz data is not a readable zip/);
    expect(() => readNpy(new TextEncoder().encode('not numpy at all'), 'x.npy')).toThrow(
      'Error in readNpy: x.npy is not a .npy file (no \\x93NUMPY magic).',
    );
  });

  it('reads a v2.0 header and skips non-.npy members (a zip built here)', async () => {
    // Build a format-2.0 .npy by hand: u32 header length.
    const header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
    const padded = header.padEnd(Math.ceil((12 + header.length + 1) / 64) * 64 - 12 - 1, ' ') + '\n';
    const npy = new Uint8Array(12 + padded.length + 16);
    npy.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0]);
    new DataView(npy.buffer).setUint32(8, padded.length, true);
    npy.set(new TextEncoder().encode(padded), 12);
    new DataView(npy.buffer).setFloat64(12 + padded.length, 0.5, true);
    new DataView(npy.buffer).setFloat64(12 + padded.length + 8, -7, true);
    const zip = zipSync({ 'x.npy': npy, 'metadata.json': new TextEncoder().encode('{}') });
    const arrays = await readNpz(zip);
    expect([...arrays.keys()]).toEqual(['x']);
    expect(npyToNumbers(arrays.get('x')!)).toEqual([0.5, -7]);
  });

  it('reads the numpy ClickMe sample (uint8 image and heatmap, int64 label)', async () => {
    const arrays = await readNpz(`${FIXTURES}clickme_sample.npz`);
    expect(arrays.get('image')).toMatchObject({ shape: [256, 256, 3], dtype: 'uint8' });
    expect(arrays.get('heatmap')).toMatchObject({ shape: [256, 256, 1], dtype: 'uint8' });
    expect(npyToNumbers(arrays.get('label')!)).toEqual([207]);
  });
});

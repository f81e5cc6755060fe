import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, deflateSync } from 'node:zlib';
import { crc32c as awsCrc32c } from '@aws-crypto/crc32c';
import { realFixture, skipWithoutRealFixtures } from '@harmonization/test-support';
import { describe, expect, it } from 'vitest';
import { crc32c, maskedCrc32c } from './crc32c';
import { readTFRecords } from './read-tfrecords';
import { TFRecordCorruptError } from './tfrecord-error';
import { frameTFRecord, writeTFRecords } from './write-tfrecords';
import { parseExample } from '../example/parse-example';

const noReal = skipWithoutRealFixtures();
const real = (name: string) => realFixture('tfrecord', name)!;
const tmp = () => mkdtempSync(join(tmpdir(), 'tfrecord-test-'));

async function collect(it: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const r of it) out.push(r);
  return out;
}
function expectSameRecords(a: Uint8Array[], b: (Uint8Array | undefined)[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => expect(Buffer.compare(x, b[i]!), `record ${i}`).toBe(0));
}
async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
function randomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

describe('crc32c', () => {
  it('matches the standard check value and @aws-crypto/crc32c on every length 0..70 and a large buffer', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    const big = randomBytes(100_003, 7);
    for (let n = 0; n <= 70; n++) expect(crc32c(big.subarray(3, 3 + n))).toBe(awsCrc32c(big.subarray(3, 3 + n)));
    expect(crc32c(big)).toBe(awsCrc32c(big));
  });
  it('masks as TFRecord does', () => {
    const crc = awsCrc32c(new Uint8Array([1, 2, 3]));
    expect(maskedCrc32c(new Uint8Array([1, 2, 3]))).toBe(((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0);
  });
});

describe.skipIf(noReal)('readTFRecords on TFRecords written by TensorFlow', () => {
  it('reads pwnall singles: int64 42, float 3.14, bytes "@ABCD"', async () => {
    const path = real('pwnall_singles.tfrecords');
    const raw = await collect(readTFRecords(path));
    // Same records when the stream arrives one byte at a time.
    expectSameRecords(await collect(readTFRecords(chunked(readFileSync(path), 1))), raw);
    const recs = raw.map(parseExample);
    expect(recs).toHaveLength(3);
    expect(recs[0]).toEqual({ int_feature: { int64List: [42n] } });
    expect(recs[1]!.float_feature!.floatList![0]).toBe(Math.fround(3.14));
    expect(Array.from(recs[2]!.byte_feature!.bytesList![0]!)).toEqual([0x40, 0x41, 0x42, 0x43, 0x44]);
  });

  it('reads raccoon (8 records, JPEG + bbox floats) with a record as small as one byte per chunk', async () => {
    const path = real('raccoon_test_first8.record');
    const recs = await collect(readTFRecords(path));
    expect(recs).toHaveLength(8);
    const names = recs.map((r) => new TextDecoder().decode(parseExample(r)['image/filename']!.bytesList![0]));
    expect(names).toEqual(['raccoon-129.jpg', 'raccoon-28.jpg', 'raccoon-27.jpg', 'raccoon-192.jpg', 'raccoon-127.jpg', 'raccoon-68.jpg', 'raccoon-158.jpg', 'raccoon-128.jpg']);
    const first = parseExample(recs[0]!);
    expect(first['image/width']!.int64List).toEqual([639n]);
    expect(first['image/height']!.int64List).toEqual([315n]);
    const jpeg = first['image/encoded']!.bytesList![0]!;
    expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
    for (const k of ['xmin', 'xmax', 'ymin', 'ymax']) {
      const v = first[`image/object/bbox/${k}`]!.floatList!;
      expect(v.length).toBeGreaterThan(0);
      for (const x of v) expect(x >= 0 && x <= 1).toBe(true);
    }
    // Same records whatever the chunking of the stream.
    const odd = await collect(readTFRecords(chunked(readFileSync(path), 4093)));
    expectSameRecords(odd, recs);
  });

  it('reads pets: every image/key/sha256 equals sha256(image/encoded)', async () => {
    const { createHash } = await import('node:crypto');
    const recs = (await collect(readTFRecords(real('pets_examples_5records.record')))).map(parseExample);
    expect(recs.map((r) => r['image/object/class/label']!.int64List![0])).toEqual([11n, 18n, 22n, 25n, 37n]);
    for (const r of recs) {
      const sha = new TextDecoder().decode(r['image/key/sha256']!.bytesList![0]);
      expect(createHash('sha256').update(r['image/encoded']!.bytesList![0]!).digest('hex')).toBe(sha);
    }
  });

  it('reads deeplab: JPEG image + PNG mask per Example', async () => {
    const recs = (await collect(readTFRecords(real('deeplab_pascal_voc_seg_val-00000-of-00001.tfrecord')))).map(parseExample);
    expect(recs.map((r) => new TextDecoder().decode(r['image/filename']!.bytesList![0]))).toEqual(['2007_000033', '2007_000042', '2007_000061']);
    const png = recs[0]!['image/segmentation/class/encoded']!.bytesList![0]!;
    expect(Array.from(png.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]);
    expect(recs[0]!['image/channels']!.int64List).toEqual([3n]);
  });

  it('rejects the CRLF-mangled file with a data-CRC error at offset 0 naming the file', async () => {
    const path = real('CORRUPT_pets_crlf_mangled_head.record');
    const err = await collect(readTFRecords(path)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TFRecordCorruptError);
    const e = err as TFRecordCorruptError;
    expect(e.reason).toBe('data-crc');
    expect(e.offset).toBe(0);
    expect(e.message).toContain(path);
    expect(e.message).toMatch(/^Error in readTFRecords: corrupt record in .* at byte offset 0 \(record #0\): data crc32c mismatch/);
    // skip: nothing returned, the bad frame counted, then the truncated trailing header counted.
    const s = readTFRecords(path, { onCorrupt: 'skip' });
    expect(await collect(s)).toEqual([]);
    expect(s.stats.skipped).toBe(2);
    expect(s.stats.corruptions.map((c) => [c.reason, c.offset])).toEqual([
      ['data-crc', 0],
      ['truncated', 18446],
    ]);
  });
});

describe('writeTFRecords → readTFRecords', () => {
  const payloads = [new Uint8Array(0), randomBytes(1, 1), randomBytes(70_000, 2), randomBytes(1_500_000, 3), randomBytes(13, 4)];

  it('round-trips payloads of 0 B .. 1.5 MB, uncompressed, gzip and zlib', async () => {
    const dir = tmp();
    for (const compression of ['none', 'gzip', 'zlib'] as const) {
      const path = join(dir, `r-${compression}.tfrecord`);
      expect(await writeTFRecords(path, payloads, { compression })).toBe(payloads.length);
      const s = readTFRecords(path, { compression: compression === 'zlib' ? 'zlib' : 'auto' });
      expectSameRecords(await collect(s), payloads);
      expect(s.stats.compression).toBe(compression);
      expect(s.stats.records).toBe(payloads.length);
    }
    // Uncompressed file = concatenated frames, byte for byte.
    const raw = readFileSync(join(dir, 'r-none.tfrecord'));
    expect(Buffer.compare(raw, Buffer.concat(payloads.map(frameTFRecord)))).toBe(0);
  });

  it('detects gzip only when the first bytes are not a valid uncompressed header', async () => {
    // A record of 0x8b1f bytes starts with 1f 8b, like GZIP, but its header CRC is valid.
    const p = randomBytes(0x8b1f, 9);
    const framed = frameTFRecord(p);
    expect([framed[0], framed[1]]).toEqual([0x1f, 0x8b]);
    const s = readTFRecords(chunked(framed, 5));
    expectSameRecords(await collect(s), [p]);
    expect(s.stats.compression).toBe('none');
    const gz = readTFRecords(chunked(gzipSync(framed), 700), { name: 'mem.gz' });
    expectSameRecords(await collect(gz), [p]);
    expect(gz.stats.compression).toBe('gzip');
    expectSameRecords(await collect(readTFRecords(chunked(deflateSync(framed), 300), { compression: 'zlib' })), [p]);
  });

  it('names the offset of a bad frame in the middle; skip counts and continues after a data-CRC error', async () => {
    const frames = payloads.slice(0, 3).map(frameTFRecord);
    const bad = new Uint8Array(Buffer.concat(frames));
    const off = frames[0]!.length; // second frame
    bad[off + 12]! ^= 0xff; // flip its only data byte
    const err = (await collect(readTFRecords(chunked(bad, 100), { name: 'mem.tfrecord' })).catch((e: unknown) => e)) as TFRecordCorruptError;
    expect(err.message).toBe(
      `Error in readTFRecords: corrupt record in mem.tfrecord at byte offset ${off} (record #1): data crc32c mismatch (stored 0x${maskedCrc32c(payloads[1]!).toString(16).padStart(8, '0')}, computed 0x${maskedCrc32c(bad.subarray(off + 12, off + 13)).toString(16).padStart(8, '0')}).`,
    );
    const skipped: number[] = [];
    const s = readTFRecords(chunked(bad, 100), { onCorrupt: 'skip', onSkip: (c) => skipped.push(c.offset) });
    expectSameRecords(await collect(s), [payloads[0], payloads[2]]);
    expect(skipped).toEqual([off]);
    expect(s.stats).toMatchObject({ records: 2, skipped: 1 });
  });

  it('a bad length CRC or a truncated frame throws; with skip it ends the source, counted', async () => {
    const f = frameTFRecord(randomBytes(50, 5));
    const badLen = f.slice();
    badLen[8]! ^= 1;
    const e1 = (await collect(readTFRecords(chunked(badLen, 64))).catch((e: unknown) => e)) as TFRecordCorruptError;
    expect(e1.reason).toBe('length-crc');
    expect(e1.message).toContain('at byte offset 0 (record #0): length crc32c mismatch');
    const trunc = Uint8Array.from([...f, ...f.subarray(0, 30)]);
    const e2 = (await collect(readTFRecords(chunked(trunc, 64))).catch((e: unknown) => e)) as TFRecordCorruptError;
    expect(e2.reason).toBe('truncated');
    expect(e2.offset).toBe(f.length);
    const s = readTFRecords(chunked(trunc, 64), { onCorrupt: 'skip' });
    expect(await collect(s)).toHaveLength(1);
    expect(s.stats.skipped).toBe(1);
  });

  it('rejects bad arguments and broken gzip in one voice, and leaves no file on a failed write', async () => {
    expect(() => readTFRecords('x', { onCorrupt: 'ignore' as 'skip' })).toThrow(
      `Error in readTFRecords: onCorrupt must be 'throw' or 'skip', got "ignore".`,
    );
    await expect(collect(readTFRecords('/nonexistent/x.tfrecords'))).rejects.toThrow(
      /^Error in readTFRecords: path must be a readable file, got "\/nonexistent\/x.tfrecords" \(ENOENT/,
    );
    const gz = gzipSync(frameTFRecord(randomBytes(100, 1))).subarray(0, 40);
    await expect(collect(readTFRecords(chunked(gz, 10), { name: 'cut.gz' }))).rejects.toThrow(/Error in readTFRecords: cut.gz must be valid GZIP data/);
    const dir = tmp();
    const target = join(dir, 'never.tfrecord');
    writeFileSync(join(dir, 'keep'), 'x');
    async function* failing() {
      yield new Uint8Array(3);
      throw new Error('source failed');
    }
    await expect(writeTFRecords(target, failing())).rejects.toThrow('source failed');
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir)).toEqual(['keep']);
  });
});

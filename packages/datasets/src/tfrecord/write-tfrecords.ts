// TFRecord writer. The file appears complete or not at all: records go to a temporary file in
// the same folder, which is renamed over `path` only after a successful close.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, createDeflate } from 'node:zlib';
import { maskedCrc32c } from './crc32c';

export interface WriteTFRecordsOptions {
  /** 'none' (default), 'gzip' (TF's "GZIP") or 'zlib' (TF's "ZLIB"). */
  compression?: 'none' | 'gzip' | 'zlib';
}

/** Frames one payload: u64 LE length, masked crc32c(length), data, masked crc32c(data). */
export function frameTFRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + 16);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length >>> 0, true);
  view.setUint32(4, Math.floor(data.length / 2 ** 32), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

/**
 * Writes `records` (each a serialized payload, usually a tf.train.Example) to `path`
 * atomically. Returns the number of records written.
 */
export async function writeTFRecords(
  path: string,
  records: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  options: WriteTFRecordsOptions = {},
): Promise<number> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new Error(`Error in writeTFRecords: path must be a non-empty string, got ${JSON.stringify(path)}.`);
  }
  const compression = options.compression ?? 'none';
  if (!['none', 'gzip', 'zlib'].includes(compression)) {
    throw new Error(`Error in writeTFRecords: compression must be 'none', 'gzip' or 'zlib', got ${JSON.stringify(compression)}.`);
  }
  let count = 0;
  async function* frames() {
    for await (const r of records as AsyncIterable<Uint8Array>) {
      if (!(r instanceof Uint8Array)) {
        throw new Error(`Error in writeTFRecords: record #${count} must be a Uint8Array, got ${r === null ? 'null' : typeof r}.`);
      }
      count++;
      yield frameTFRecord(r);
    }
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    const steps: NodeJS.ReadWriteStream[] = [];
    if (compression === 'gzip') steps.push(createGzip());
    if (compression === 'zlib') steps.push(createDeflate());
    await pipeline([Readable.from(frames()), ...steps, createWriteStream(tmp)]);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return count;
}

// Streaming TFRecord reader. Frame = u64 LE length, masked crc32c(length bytes), data,
// masked crc32c(data). Both CRCs are verified; corrupt frames throw unless the caller asks to
// skip them, and every skip is counted.
import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import { ByteQueue } from './byte-queue';
import { maskedCrc32c } from './crc32c';
import { TFRecordCorruptError, type TFRecordCorruption } from './tfrecord-error';

export type TFRecordCompression = 'auto' | 'none' | 'gzip' | 'zlib';

export interface ReadTFRecordsOptions {
  /** 'throw' (default): the first corrupt frame throws a TFRecordCorruptError naming source and
   *  byte offset. 'skip': a frame with a bad data CRC is dropped and reading goes on; a bad
   *  length CRC or a truncated frame ends this source (its length cannot be trusted). */
  onCorrupt?: 'throw' | 'skip';
  /** 'auto' (default) reads GZIP when the stream starts with the GZIP magic and is not a valid
   *  uncompressed frame header; 'zlib' must be asked for. */
  compression?: TFRecordCompression;
  /** Name used in errors when the input is a stream (default '<stream>'). */
  name?: string;
  /** Called for each skipped frame (onCorrupt 'skip'). */
  onSkip?: (corruption: TFRecordCorruption) => void;
}

/** One record with where it came from. `offset` is the frame's byte offset in the stream. */
export interface TFRecordEntry {
  data: Uint8Array;
  source: string;
  offset: number;
  index: number;
}

export interface TFRecordReadStats {
  /** Valid records yielded so far. */
  records: number;
  /** Frames dropped (onCorrupt 'skip'). */
  skipped: number;
  corruptions: TFRecordCorruption[];
  /** The compression actually read (after 'auto' detection); null before the first byte. */
  compression: Exclude<TFRecordCompression, 'auto'> | null;
}

/** Async iterable of record payloads, with entries() for payloads plus offsets, and live stats. */
export interface TFRecordStream extends AsyncIterable<Uint8Array> {
  readonly stats: TFRecordReadStats;
  entries(): AsyncIterable<TFRecordEntry>;
}

const HEADER = 12;
const READ_CHUNK = 1 << 20;

/**
 * Reads the records of one TFRecord file (a path) or byte stream, streaming: memory stays at
 * about one read chunk plus one record. Each record is a fresh Uint8Array the caller owns.
 */
export function readTFRecords(
  input: string | AsyncIterable<Uint8Array>,
  options: ReadTFRecordsOptions = {},
): TFRecordStream {
  const onCorrupt = options.onCorrupt ?? 'throw';
  if (onCorrupt !== 'throw' && onCorrupt !== 'skip') {
    throw new Error(`Error in readTFRecords: onCorrupt must be 'throw' or 'skip', got ${JSON.stringify(onCorrupt)}.`);
  }
  const compression = options.compression ?? 'auto';
  if (!['auto', 'none', 'gzip', 'zlib'].includes(compression)) {
    throw new Error(
      `Error in readTFRecords: compression must be 'auto', 'none', 'gzip' or 'zlib', got ${JSON.stringify(compression)}.`,
    );
  }
  if (typeof input !== 'string' && (input == null || typeof (input as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] !== 'function')) {
    throw new Error(`Error in readTFRecords: input must be a file path or an AsyncIterable<Uint8Array>, got ${describe(input)}.`);
  }
  const source = typeof input === 'string' ? input : (options.name ?? '<stream>');
  const stats: TFRecordReadStats = { records: 0, skipped: 0, corruptions: [], compression: null };
  let started = false;

  const entries = (): AsyncIterable<TFRecordEntry> => ({
    [Symbol.asyncIterator]: () => {
      if (started) throw new Error(`Error in readTFRecords: the stream of ${source} can be iterated only once; call readTFRecords again.`);
      started = true;
      return iterateFrames(input, source, compression, onCorrupt, options.onSkip, stats)[Symbol.asyncIterator]();
    },
  });

  return {
    stats,
    entries,
    [Symbol.asyncIterator]: async function* () {
      for await (const e of entries()) yield e.data;
    },
  };
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x;
}

async function* rawChunks(input: string | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (typeof input === 'string') {
    try {
      yield* createReadStream(input, { highWaterMark: READ_CHUNK }) as AsyncIterable<Buffer>;
    } catch (err) {
      throw new Error(`Error in readTFRecords: path must be a readable file, got ${JSON.stringify(input)} (${(err as Error).message}).`);
    }
  } else {
    for await (const c of input) {
      if (!(c instanceof Uint8Array)) {
        throw new Error(`Error in readTFRecords: input chunks must be Uint8Array, got ${describe(c)}.`);
      }
      yield c;
    }
  }
}

/** Decides the compression from the first bytes, then yields decompressed chunks. */
async function* decodedChunks(
  input: string | AsyncIterable<Uint8Array>,
  source: string,
  compression: TFRecordCompression,
  stats: TFRecordReadStats,
): AsyncGenerator<Uint8Array> {
  const it = rawChunks(input)[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headLen = 0;
  let done = false;
  while (headLen < HEADER) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    head.push(r.value);
    headLen += r.value.length;
  }
  let kind = compression;
  if (kind === 'auto') kind = detect(Buffer.concat(head));
  stats.compression = kind;
  const all = async function* () {
    yield* head;
    if (!done) {
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    }
  };
  if (kind === 'none') {
    yield* all();
    return;
  }
  const inflater = kind === 'gzip' ? createGunzip() : createInflate();
  const out = pipeline(Readable.from(all()), inflater, () => {});
  try {
    for await (const c of out as AsyncIterable<Buffer>) yield c;
  } catch (err) {
    if (err instanceof Error && /^Error in /.test(err.message)) throw err;
    throw new Error(
      `Error in readTFRecords: ${source} must be valid ${kind.toUpperCase()} data, got a decompression error (${(err as Error).message}).`,
    );
  }
}

function detect(head: Uint8Array): Exclude<TFRecordCompression, 'auto'> {
  // A valid uncompressed header wins even if its first bytes happen to be 1f 8b.
  if (head.length >= HEADER) {
    const view = new DataView(head.buffer, head.byteOffset, HEADER);
    if (maskedCrc32c(head.subarray(0, 8)) === view.getUint32(8, true)) return 'none';
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  return 'none';
}

async function* iterateFrames(
  input: string | AsyncIterable<Uint8Array>,
  source: string,
  compression: TFRecordCompression,
  onCorrupt: 'throw' | 'skip',
  onSkip: ((c: TFRecordCorruption) => void) | undefined,
  stats: TFRecordReadStats,
): AsyncGenerator<TFRecordEntry> {
  const q = new ByteQueue();
  const chunks = decodedChunks(input, source, compression, stats)[Symbol.asyncIterator]();
  let eof = false;
  let offset = 0;
  let index = 0;
  const where = () => `${source} at ${stats.compression === 'none' ? '' : 'decompressed '}byte offset ${offset} (record #${index})`;

  const fill = async (n: number): Promise<boolean> => {
    while (q.length < n && !eof) {
      const r = await chunks.next();
      if (r.done) eof = true;
      else q.push(r.value);
    }
    return q.length >= n;
  };
  // Returns true when reading must stop.
  const corrupt = (reason: TFRecordCorruption['reason'], detail: string, fatal: boolean): boolean => {
    const c: TFRecordCorruption = {
      source,
      offset,
      index,
      reason,
      message: `Error in readTFRecords: corrupt record in ${where()}: ${detail}.`,
    };
    if (onCorrupt === 'throw') throw new TFRecordCorruptError(c);
    stats.skipped++;
    stats.corruptions.push(c);
    onSkip?.(c);
    return fatal;
  };

  try {
    for (;;) {
      if (!(await fill(HEADER))) {
        if (q.length === 0) return;
        corrupt('truncated', `the stream ends inside a frame header (${q.length} of 12 bytes)`, true);
        return;
      }
      const header = q.read(HEADER);
      const view = new DataView(header.buffer, header.byteOffset, HEADER);
      const stored = view.getUint32(8, true);
      const computed = maskedCrc32c(header.subarray(0, 8));
      if (stored !== computed) {
        corrupt('length-crc', `length crc32c mismatch (stored 0x${hex(stored)}, computed 0x${hex(computed)})`, true);
        return;
      }
      const lenLo = view.getUint32(0, true);
      const lenHi = view.getUint32(4, true);
      const length = lenHi * 2 ** 32 + lenLo;
      if (length > 2 ** 31) {
        corrupt('length-crc', `frame length ${length} is larger than 2 GiB`, true);
        return;
      }
      if (!(await fill(length + 4))) {
        corrupt('truncated', `the stream ends inside a frame of ${length} data bytes (${q.length} of ${length + 4} bytes left)`, true);
        return;
      }
      const view2 = q.read(length);
      const data = new Uint8Array(view2); // own copy: no view pins a large read chunk
      const tail = q.read(4);
      const storedData = (tail[0]! | (tail[1]! << 8) | (tail[2]! << 16) | (tail[3]! << 24)) >>> 0;
      const computedData = maskedCrc32c(data);
      if (storedData !== computedData) {
        corrupt('data-crc', `data crc32c mismatch (stored 0x${hex(storedData)}, computed 0x${hex(computedData)})`, false);
      } else {
        stats.records++;
        yield { data, source, offset, index };
      }
      offset += HEADER + length + 4;
      index++;
    }
  } finally {
    await chunks.return?.(undefined);
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}

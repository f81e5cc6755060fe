// ClickMe shards → batches of tensors: deterministic interleave across files → optional seeded
// shuffle buffer → (repeat) → decode (several in flight; optionally in worker threads) →
// batches. Only the yielded batch tensors are created; the caller disposes each batch.
import { SeededRandom } from '../random/seeded-random';
import { TFRecordCorruptError, type TFRecordCorruption } from '../tfrecord/tfrecord-error';
import type { TFRecordCompression, TFRecordEntry } from '../tfrecord/read-tfrecords';
import { BatchArena } from './batch-arena';
import type { ClickMeExampleArrays } from './decode-clickme-arrays';
import { makeClickMeBatch, type ClickMeBatch } from './make-clickme-batch';
import { resolveDecodeOptions, type ClickMeDecodeOptions, type ResolvedDecodeOptions } from './decode-options';
import { createDecoder, type DecoderKind } from './example-decoder';
import { interleaveRecords } from './interleave-records';
import { listClickMeShards } from './list-clickme-shards';
import { shuffleBuffer } from './shuffle-buffer';

export type { ClickMeBatch } from './make-clickme-batch';

export interface LoadClickMeOptions extends ClickMeDecodeOptions {
  /** Shard files, read in this order by the interleave. Either this or `dir` (+ `split`). */
  shards?: readonly string[];
  /** Folder holding `{split}-{i}.tfrecords` shards (see listClickMeShards). */
  dir?: string;
  /** 'train' | 'val' (or any prefix, e.g. 'test-shortcut' for the synthetic data); default 'val'. */
  split?: string;
  /** Default 64, as the original. */
  batchSize?: number;
  /** Seeded shuffle buffer over records (default off, as the original). */
  shuffle?: { bufferSize: number; seed?: number } | false;
  /** Drop the last incomplete batch (default true, as the original). */
  dropRemainder?: boolean;
  /** false (default): one pass; true: forever; n: n passes. Reshuffled each pass. */
  repeat?: boolean | number;
  /** Token value for ClickMe examples (default 1). */
  tokens?: number;
  /** Files read at once by the interleave (default all). */
  cycleLength?: number;
  /** 'throw' (default) or 'skip' corrupt frames and undecodable examples (see onSkip). */
  onCorrupt?: 'throw' | 'skip';
  onSkip?: (corruption: TFRecordCorruption) => void;
  compression?: TFRecordCompression;
  /** Decoding: 'sync' on this thread (sharp still decodes JPEGs on libuv threads), a number of
   *  worker threads, or 'auto' (default: workers when the built worker script is present and
   *  more than one core is available). */
  workers?: DecoderKind;
  /** Override of the worker script (a built decode-worker.js); mostly for tests. */
  workerScript?: string | URL;
  /** Examples decoded ahead of the consumer (default 2·batchSize, at least 8). */
  prefetch?: number;
  /** Skip this many batches before the first one yielded, without decoding them (resume). It
   *  counts records, so a record dropped by onCorrupt 'skip' inside the skipped part shifts it. */
  skipBatches?: number;
}

function positiveInt(name: string, v: unknown, fn = 'loadClickMe'): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new Error(`Error in ${fn}: ${name} must be a positive integer, got ${JSON.stringify(v)}.`);
  }
  return v;
}

async function* repeated(files: readonly string[], o: LoadClickMeOptions, passes: number): AsyncGenerator<TFRecordEntry> {
  const rng = o.shuffle ? new SeededRandom(o.shuffle.seed ?? 0) : null;
  for (let pass = 0; pass < passes; pass++) {
    const records = interleaveRecords(files, { cycleLength: o.cycleLength, onCorrupt: o.onCorrupt, onSkip: o.onSkip, compression: o.compression });
    yield* rng && o.shuffle ? shuffleBuffer(records, o.shuffle.bufferSize, rng) : records;
  }
}

/** Decodes entries with up to `window` in flight, preserving order; skipped ones yield null. */
async function* decodeOrdered(
  entries: AsyncIterable<TFRecordEntry>,
  decode: (e: TFRecordEntry) => Promise<ClickMeExampleArrays | null>,
  window: number,
): AsyncGenerator<ClickMeExampleArrays | null> {
  const it = entries[Symbol.asyncIterator]();
  const pending: Promise<ClickMeExampleArrays | null>[] = [];
  let done = false;
  try {
    for (;;) {
      while (!done && pending.length < window) {
        const r = await it.next();
        if (r.done) done = true;
        else {
          const p = decode(r.value);
          p.catch(() => {}); // awaited below in order; avoids an unhandled-rejection warning
          pending.push(p);
        }
      }
      const p = pending.shift();
      if (!p) return;
      yield await p;
    }
  } finally {
    await it.return?.(undefined);
  }
}

/** Resolves `shards` or `dir` + `split` to the list of files. */
export async function resolveShards(o: { shards?: readonly string[]; dir?: string; split?: string }, fn = 'loadClickMe'): Promise<string[]> {
  if (o.shards && o.dir) throw new Error(`Error in ${fn}: give either shards or dir, got both.`);
  if (o.shards) {
    if (!Array.isArray(o.shards) || o.shards.length === 0 || !o.shards.every((s) => typeof s === 'string')) {
      throw new Error(`Error in ${fn}: shards must be a non-empty array of file paths, got ${JSON.stringify(o.shards)}.`);
    }
    return [...o.shards];
  }
  if (!o.dir) throw new Error(`Error in ${fn}: shards or dir must be given, got neither.`);
  const split = o.split ?? 'val';
  const files = await listClickMeShards(o.dir, split);
  if (files.length === 0) throw new Error(`Error in ${fn}: dir must hold '${split}-<i>.tfrecords' shards, got none in ${o.dir}.`);
  return files;
}

interface Prepared {
  decodeOptions: ResolvedDecodeOptions;
  batchSize: number;
  dropRemainder: boolean;
  token: number;
  /** `inBatches`: decode into batch-sized blocks (BatchArena) for makeClickMeBatch. */
  examples: (inBatches?: boolean) => AsyncGenerator<ClickMeExampleArrays>;
}

function prepare(fn: string, options: LoadClickMeOptions): Prepared {
  if (options === null || typeof options !== 'object') {
    throw new Error(`Error in ${fn}: options must be an object, got ${options === null ? 'null' : typeof options}.`);
  }
  const decodeOptions = resolveDecodeOptions(fn, options);
  const batchSize = positiveInt('batchSize', options.batchSize ?? 64, fn);
  const dropRemainder = options.dropRemainder ?? true;
  const passes = options.repeat === true ? Infinity : options.repeat === false || options.repeat === undefined ? 1 : positiveInt('repeat', options.repeat, fn);
  if (options.shuffle) positiveInt('shuffle.bufferSize', options.shuffle.bufferSize, fn);
  const token = options.tokens ?? 1;
  if (typeof token !== 'number' || !Number.isFinite(token)) throw new Error(`Error in ${fn}: tokens must be a finite number, got ${JSON.stringify(token)}.`);
  const window = options.prefetch === undefined ? Math.max(8, 2 * batchSize) : positiveInt('prefetch', options.prefetch, fn);
  const skipBatches = options.skipBatches ?? 0;
  if (!Number.isInteger(skipBatches) || skipBatches < 0) {
    throw new Error(`Error in ${fn}: skipBatches must be a non-negative integer, got ${JSON.stringify(skipBatches)}.`);
  }
  const onCorrupt = options.onCorrupt ?? 'throw';

  async function* examples(inBatches = false): AsyncGenerator<ClickMeExampleArrays> {
    const files = await resolveShards(options, fn);
    const decoder = await createDecoder(options.workers ?? 'auto', decodeOptions, options.workerScript);
    const [ih, iw] = decodeOptions.imageSize;
    const [hh, hw] = decodeOptions.heatmapSize;
    const arena = inBatches ? new BatchArena(batchSize, ih * iw * 3, hh * hw, decoder.workers > 0) : null;
    try {
      let toSkip = skipBatches * batchSize;
      async function* entries() {
        for await (const e of repeated(files, { ...options, onCorrupt }, passes)) {
          if (toSkip > 0) {
            toSkip--;
            continue;
          }
          yield e;
        }
      }
      const decode = async (e: TFRecordEntry): Promise<ClickMeExampleArrays | null> => {
        try {
          return await decoder.decode(e.data, arena?.next());
        } catch (err) {
          const c: TFRecordCorruption = {
            source: e.source,
            offset: e.offset,
            index: e.index,
            reason: 'bad-payload',
            message: `Error in ${fn}: record #${e.index} at byte offset ${e.offset} of ${e.source} is not a valid ClickMe example: ${(err as Error).message}`,
          };
          if (onCorrupt === 'throw') throw new TFRecordCorruptError(c);
          options.onSkip?.(c);
          return null;
        }
      };
      for await (const ex of decodeOrdered(entries(), decode, window)) if (ex) yield ex;
    } finally {
      await decoder.close();
    }
  }
  return { decodeOptions, batchSize, dropRemainder, token, examples };
}

/**
 * The decoded examples of loadClickMe, one at a time, as typed arrays (no tensors): image
 * `[h, w, 3]`, heatmap `[h', w']`, label index. Same order, shuffle, repeat and skip options;
 * `skipBatches` counts batches of `batchSize`. Feed mixDatasets with it.
 */
export function loadClickMeExamples(options: LoadClickMeOptions): AsyncIterable<ClickMeExampleArrays> {
  const p = prepare('loadClickMeExamples', options);
  return { [Symbol.asyncIterator]: () => p.examples() };
}

/**
 * Streams ClickMe batches `{images, heatmaps, labels, tokens}` from TFRecord shards. Defaults
 * reproduce the original loader: deterministic interleave across files (block length 1), no
 * shuffle, batch 64 with drop-remainder, one pass.
 */
export function loadClickMe(options: LoadClickMeOptions): AsyncIterable<ClickMeBatch> {
  const p = prepare('loadClickMe', options);
  const shape = { imageSize: p.decodeOptions.imageSize, heatmapSize: p.decodeOptions.heatmapSize, numClasses: p.decodeOptions.numClasses };
  return {
    async *[Symbol.asyncIterator]() {
      let batch: { image: Float32Array; heatmap: Float32Array; label: number; token: number }[] = [];
      for await (const ex of p.examples(true)) {
        batch.push({ ...ex, token: p.token });
        if (batch.length === p.batchSize) {
          const items = batch;
          batch = [];
          yield makeClickMeBatch(items, shape);
        }
      }
      if (batch.length > 0 && !p.dropRemainder) yield makeClickMeBatch(batch, shape);
    },
  };
}

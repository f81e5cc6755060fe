// A resumable stream of single examples over a folder of shards: the loader's deterministic
// (seeded) order, repeated forever, with a count of what was consumed — the data position a
// checkpoint stores. Resuming re-creates the stream and skips that many examples.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { loadClickMe } from '@harmonization/datasets';
import { CliError } from '../util/cli-error';

export interface Example {
  /** `[1,H,W,3]` in [0,255]. */
  image: tf.Tensor4D;
  /** `[1,H,W]`. */
  heatmap: tf.Tensor3D;
  /** `[1]` class index. */
  label: number;
}

/** The shard files of a folder (or the file itself), sorted by name. */
export function shardFiles(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new CliError(`${path} does not exist.`);
  }
  if (st.isFile()) return [path];
  const files = readdirSync(path)
    .filter((f) => /\.(tfrecords?|record|tfrecord\.gz)$/i.test(f) || /^[a-z]+-\d+/i.test(f))
    .sort()
    .map((f) => join(path, f));
  if (files.length === 0) throw new CliError(`${path} holds no TFRecord shards (*.tfrecords, *.tfrecord, *.record).`);
  return files;
}

export interface StreamOptions {
  shards: string[];
  imageSize: number;
  numClasses: number;
  seed: number;
  /** Records in one pass over the shards (to place a resume). */
  records: number;
  /** The original's 10×10 heatmap blur (true) or none. */
  blur: boolean;
  shuffleBuffer?: number;
}

/** Iterates examples forever in the loader's seeded order; `consumed` counts them. */
export class ExampleStream {
  consumed = 0;
  private iterator: AsyncIterator<{ images: tf.Tensor; heatmaps: tf.Tensor; labels: tf.Tensor }> | null = null;
  private pass = 0;
  constructor(private readonly options: StreamOptions) {}

  private open(skip = 0): void {
    const o = this.options;
    const it = loadClickMe({
      shards: o.shards,
      batchSize: 1,
      imageSize: o.imageSize,
      numClasses: o.numClasses,
      sourceSize: null,
      ...(o.blur ? {} : { blur: false as const }),
      shuffle: { bufferSize: o.shuffleBuffer ?? 256, seed: o.seed + 1000003 * this.pass },
      dropRemainder: false,
      repeat: false,
      workers: 'sync',
      skipBatches: skip,
    });
    this.iterator = it[Symbol.asyncIterator]();
  }

  async next(): Promise<Example> {
    if (!this.iterator) this.open();
    let r = await this.iterator!.next();
    if (r.done) {
      this.pass++;
      this.open();
      r = await this.iterator!.next();
      if (r.done) throw new CliError(`The shards ${this.options.shards[0]}… hold no examples.`);
    }
    const { images, heatmaps, labels } = r.value;
    const label = (await labels.argMax(-1).data())[0]!;
    const heatmap = heatmaps.rank === 4 ? heatmaps.squeeze([3]) : heatmaps;
    if (heatmap !== heatmaps) heatmaps.dispose();
    labels.dispose();
    this.consumed++;
    return { image: images as tf.Tensor4D, heatmap: heatmap as tf.Tensor3D, label };
  }

  /** Positions a fresh stream after `n` consumed examples (resume), without decoding them. */
  async skip(n: number): Promise<void> {
    if (this.iterator || this.consumed !== 0) throw new Error('Error in ExampleStream.skip: only a fresh stream can skip.');
    const records = Math.max(this.options.records, 1);
    this.pass = Math.floor(n / records);
    this.consumed = n;
    const offset = n % records;
    this.open(offset);
  }

  async close(): Promise<void> {
    await this.iterator?.return?.();
  }
}

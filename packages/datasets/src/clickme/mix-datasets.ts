// Mixing ClickMe (with human maps, token 1) and image-only data (token 0, zero heatmaps), as
// the original trained with 20 % ClickMe / 80 % ImageNet. Each example of a batch comes from
// ClickMe with probability `ratio`, drawn from a seeded generator (tf.data's
// sample_from_datasets, per example).
import { SeededRandom } from '../random/seeded-random';
import { makeClickMeBatch, type BatchItem, type ClickMeBatch } from './make-clickme-batch';

/** A ClickMe example as loadClickMeExamples yields it. */
export interface MixClickMeExample {
  /** `[imageH, imageW, 3]`. */
  image: Float32Array;
  /** `[heatmapH, heatmapW]`. */
  heatmap: Float32Array;
  label: number;
}

/** An image-only example (e.g. ImageNet): no human map. */
export interface ImageOnlyExample {
  /** `[imageH, imageW, 3]`, same size and value range as the ClickMe images. */
  image: Float32Array;
  label: number;
}

export interface MixDatasetsOptions {
  clickme: AsyncIterable<MixClickMeExample> | Iterable<MixClickMeExample>;
  images: AsyncIterable<ImageOnlyExample> | Iterable<ImageOnlyExample>;
  /** Probability that an example comes from ClickMe; default 0.2. */
  ratio?: number;
  seed?: number;
  batchSize?: number;
  /** Image side (or [h, w]); default 224. */
  imageSize?: number | readonly [number, number];
  /** Heatmap side; default = imageSize. */
  heatmapSize?: number | readonly [number, number];
  numClasses?: number;
  dropRemainder?: boolean;
  /** 'first' (default): stop when either source runs out; 'all': go on with the other one. */
  stopWhen?: 'first' | 'all';
}

const pair = (v: number | readonly [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

/** Seeded mix of ClickMe and image-only examples into `{images, heatmaps, labels, tokens}` batches. */
export function mixDatasets(options: MixDatasetsOptions): AsyncIterable<ClickMeBatch> {
  const fn = 'mixDatasets';
  const ratio = options.ratio ?? 0.2;
  if (!(ratio >= 0 && ratio <= 1)) throw new Error(`Error in ${fn}: ratio must be in [0, 1], got ${ratio}.`);
  const batchSize = options.batchSize ?? 64;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`Error in ${fn}: batchSize must be a positive integer, got ${batchSize}.`);
  const imageSize = pair(options.imageSize ?? 224);
  const heatmapSize = options.heatmapSize === undefined ? imageSize : pair(options.heatmapSize);
  const numClasses = options.numClasses ?? 1000;
  const stopWhen = options.stopWhen ?? 'first';
  if (stopWhen !== 'first' && stopWhen !== 'all') throw new Error(`Error in ${fn}: stopWhen must be 'first' or 'all', got ${JSON.stringify(stopWhen)}.`);
  for (const [name, src] of [['clickme', options.clickme], ['images', options.images]] as const) {
    if (src == null || (typeof (src as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function' && typeof (src as Iterable<unknown>)[Symbol.iterator] !== 'function')) {
      throw new Error(`Error in ${fn}: ${name} must be an iterable of examples, got ${src === null ? 'null' : typeof src}.`);
    }
  }
  const imageLen = imageSize[0] * imageSize[1] * 3;
  const heatLen = heatmapSize[0] * heatmapSize[1];

  const check = (ex: { image: Float32Array; heatmap?: Float32Array; label: number }, from: string, k: number) => {
    if (!(ex.image instanceof Float32Array) || ex.image.length !== imageLen) {
      throw new Error(`Error in ${fn}: ${from} example #${k} image must be a Float32Array of ${imageSize[0]}×${imageSize[1]}×3 = ${imageLen}, got length ${ex.image?.length}.`);
    }
    if (ex.heatmap !== undefined && ex.heatmap.length !== heatLen) {
      throw new Error(`Error in ${fn}: ${from} example #${k} heatmap must hold ${heatmapSize[0]}×${heatmapSize[1]} = ${heatLen} values, got ${ex.heatmap.length}.`);
    }
    if (!Number.isInteger(ex.label) || ex.label < 0 || ex.label >= numClasses) {
      throw new Error(`Error in ${fn}: ${from} example #${k} label must be an integer in [0, ${numClasses}), got ${ex.label}.`);
    }
  };

  return {
    async *[Symbol.asyncIterator]() {
      const rng = new SeededRandom(options.seed ?? 0);
      const iter = <T>(s: AsyncIterable<T> | Iterable<T>): AsyncIterator<T> | Iterator<T> =>
        typeof (s as AsyncIterable<T>)[Symbol.asyncIterator] === 'function' ? (s as AsyncIterable<T>)[Symbol.asyncIterator]() : (s as Iterable<T>)[Symbol.iterator]();
      const cm = iter(options.clickme);
      const im = iter(options.images);
      let cmDone = false;
      let imDone = false;
      let nc = 0;
      let ni = 0;
      let batch: BatchItem[] = [];
      const shape = { imageSize, heatmapSize, numClasses };
      try {
        for (;;) {
          const fromClickMe = cmDone ? false : imDone ? true : rng.next() < ratio;
          if (fromClickMe) {
            const r = await cm.next();
            if (r.done) {
              cmDone = true;
              if (stopWhen === 'first' || imDone) break;
              continue;
            }
            check(r.value, 'clickme', nc++);
            batch.push({ image: r.value.image, heatmap: r.value.heatmap, label: r.value.label, token: 1 });
          } else {
            const r = await im.next();
            if (r.done) {
              imDone = true;
              if (stopWhen === 'first' || cmDone) break;
              continue;
            }
            check(r.value, 'images', ni++);
            batch.push({ image: r.value.image, heatmap: null, label: r.value.label, token: 0 });
          }
          if (batch.length === batchSize) {
            const items = batch;
            batch = [];
            yield makeClickMeBatch(items, shape);
          }
        }
        if (batch.length > 0 && !(options.dropRemainder ?? true)) yield makeClickMeBatch(batch, shape);
      } finally {
        await cm.return?.();
        await im.return?.();
      }
    },
  };
}

// `harmonize eval`: alignment and accuracy of a zoo or saved model against human maps.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend/select-backend';
import type { CommonOptions } from '../program';
import { evaluateBatches, evaluateShards, type EvalBatch } from '../train/evaluate-shards';
import { openModel } from '../train/model-source';
import { usageError } from '../util/cli-error';
import { pairImagesWithMaps, readGray, readRgb } from '../util/image-folder';
import { Progress } from '../util/progress';

export interface EvalOptions extends CommonOptions {
  model?: string;
  data?: string;
  images?: string;
  maps?: string;
  explainer: string;
  imageSize?: number;
  batchSize: number;
  limit?: number;
  json: boolean;
  blur: boolean;
}

async function* folderBatches(pairs: Array<{ image: string; map: string }>, size: number, batchSize: number): AsyncGenerator<EvalBatch> {
  for (let start = 0; start < pairs.length; start += batchSize) {
    const chunk = pairs.slice(start, start + batchSize);
    const rgb = await Promise.all(chunk.map((p) => readRgb(p.image, size)));
    const gray = await Promise.all(chunk.map((p) => readGray(p.map, size)));
    const images = tf.tensor4d(Float32Array.from(rgb.flatMap((a) => Array.from(a))), [chunk.length, size, size, 3]);
    const heatmaps = tf.tensor3d(Float32Array.from(gray.flatMap((a) => Array.from(a))), [chunk.length, size, size]);
    yield { images, heatmaps, labels: null };
  }
}

export async function evalCommand(opts: EvalOptions): Promise<void> {
  if (!opts.model) throw usageError('eval needs --model <zoo name or saved model folder>.');
  if (!opts.data && !(opts.images && opts.maps)) throw usageError('eval needs --data <shards> or both --images <dir> and --maps <dir>.');
  if (opts.data && opts.images) throw usageError('eval takes --data or --images/--maps, not both.');
  const progress = new Progress({ quiet: opts.quiet || opts.json });
  const backend = await selectBackend({ backend: opts.backend, requireGpu: opts.requireGpu });
  const loaded = await openModel(opts.model, { imageSize: opts.imageSize, seed: 0 });
  const size = loaded.card.inputShape[0] ?? 224;
  const pairs = opts.images && opts.maps ? pairImagesWithMaps(opts.images, opts.maps) : null;
  const total = pairs ? Math.min(pairs.length, opts.limit ?? Infinity) : (opts.limit ?? 0);
  const task = total > 0 ? progress.task('eval', total) : null;
  const onBatch = (done: number) => task?.update(done);
  const result = pairs
    ? await evaluateBatches(loaded, folderBatches(pairs.slice(0, total), size, opts.batchSize), { explainer: opts.explainer, limit: opts.limit, onBatch })
    : await evaluateShards(loaded, { data: opts.data!, batchSize: opts.batchSize, explainer: opts.explainer, limit: opts.limit, blur: opts.blur, onBatch });
  task?.stop();
  const summary = {
    model: opts.model,
    data: opts.data ?? opts.images,
    backend: backend.backend,
    explainer: result.explainer,
    count: result.count,
    accuracy: result.accuracy,
    alignmentScore: result.alignmentScore,
    spearman: result.spearman,
    dice: result.dice,
    iou: result.iou,
    nanCount: result.nanCount,
    perImage: result.perImage,
  };
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  const f = (x: number | null) => (x === null ? 'n/a (no labels)' : x.toFixed(4));
  process.stdout.write(
    [
      `${opts.model} on ${result.count} images (${result.explainer}, backend ${backend.backend}):`,
      `  alignment score ${f(result.alignmentScore)}  (mean Spearman ${f(result.spearman)} / human ceiling)`,
      `  Dice ${f(result.dice)}  IoU ${f(result.iou)}  accuracy ${f(result.accuracy)}`,
      ...(result.nanCount ? [`  ${result.nanCount} constant map(s) gave NaN Spearman and were left out`] : []),
      '',
    ].join('\n'),
  );
}

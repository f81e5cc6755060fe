// `harmonize saliency`: one PNG map per image, for the given or the predicted class.
import { join, parse } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import * as metrics from '@harmonization/metrics';
import { selectBackend } from '../backend/select-backend';
import type { CommonOptions } from '../program';
import { EXPLAINERS } from '../train/evaluate-shards';
import { openModel } from '../train/model-source';
import { tileToRgb } from '../report/png';
import { writeFileAtomic } from '../util/atomic-write';
import { usageError } from '../util/cli-error';
import { readRgb } from '../util/image-folder';
import { Progress } from '../util/progress';

export async function saliencyCommand(opts: CommonOptions & { model: string; out: string; label?: number; explainer: string; imageSize?: number; _args: string[] }): Promise<void> {
  const explain = (metrics as unknown as Record<string, unknown>)[opts.explainer];
  if (!(EXPLAINERS as readonly string[]).includes(opts.explainer) || typeof explain !== 'function') {
    throw usageError(`--explainer must be one of ${EXPLAINERS.join(', ')}, got "${opts.explainer}".`);
  }
  const progress = new Progress({ quiet: opts.quiet });
  await selectBackend({ backend: opts.backend, requireGpu: opts.requireGpu });
  const loaded = await openModel(opts.model, { imageSize: opts.imageSize, seed: 0 });
  const size = loaded.card.inputShape[0] ?? 224;
  if (opts.label !== undefined && opts.label >= loaded.card.numClasses) throw usageError(`--label must be below the model's ${loaded.card.numClasses} classes, got ${opts.label}.`);
  const task = progress.task('saliency', opts._args.length);
  let done = 0;
  for (const file of opts._args) {
    const rgb = await readRgb(file, size);
    const x = tf.tidy(() => loaded.preprocess(tf.tensor4d(rgb, [1, size, size, 3])));
    const logits = loaded.model.predict(x) as tf.Tensor2D;
    const predicted = (await logits.argMax(-1).data())[0]!;
    const target = opts.label ?? predicted;
    const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d([target], 'int32'), loaded.card.numClasses).toFloat());
    const maps = (explain as (m: tf.LayersModel) => (i: tf.Tensor, l: tf.Tensor) => tf.Tensor)(loaded.model)(x, oneHot);
    const data = Float32Array.from(await maps.data());
    tf.dispose([x, logits, oneHot, maps]);
    const png = await sharp(Buffer.from(tileToRgb({ kind: 'map', data, height: size, width: size })), { raw: { width: size, height: size, channels: 3 } }).png().toBuffer();
    writeFileAtomic(join(opts.out, `${parse(file).name}.saliency.png`), png);
    task.update(++done, `class ${target}`);
  }
  task.stop(`→ ${opts.out}`);
}

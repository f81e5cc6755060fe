import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
const require = createRequire(import.meta.url);
setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
const { ensureHarmonizationGradients, trainStep, crossEntropyWithLogits } = await import('@harmonization/core-loss');
const { createModel } = await import('@harmonization/zoo');
const backend = process.argv[2] ?? 'wasm';
await tf.setBackend(backend); await tf.ready();
ensureHarmonizationGradients();
console.log('backend', tf.getBackend());
const model = await createModel('tiny_vgg', { inputShape: [32, 32, 3], numClasses: 6 });
const opt = tf.train.adam(1e-3);
for (const h of [false, true]) for (let i = 0; i < 4; i++) {
  const batch = tf.tidy(() => ({ images: tf.sub(tf.randomUniform([16, 32, 32, 3]), 0.5), labels: tf.oneHot(tf.randomUniform([16], 0, 6, 'int32'), 6).toFloat(), heatmaps: tf.randomUniform([16, 32, 32]) }));
  const t = performance.now();
  if (h) trainStep(model, opt, batch, { lambdaHarmonization: 10, lambdaWeights: 0, labelSmoothing: 0 });
  else { const v = opt.minimize(() => crossEntropyWithLogits(model.apply(batch.images, { training: true }), batch.labels, 0), true, model.trainableWeights.map((w) => w.read())); v.dataSync(); v.dispose(); }
  console.log(h ? 'harmonized' : 'baseline', (performance.now() - t).toFixed(1), 'ms');
  tf.dispose(batch);
}

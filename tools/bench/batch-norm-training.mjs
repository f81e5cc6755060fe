// batchNormTraining on the accelerator's kernels vs the composed path (tf.moments + tf.batchNorm,
// what tfjs-layers' BatchNormalization runs), on the cpu backend with the native accelerator.
//   1. The three kernels alone on x [4,64,64,64] (1M elements): median ms of T, G, GG.
//   2. A harmonized (double-backprop) micro-step, conv → batchNormTraining → relu → conv → mean,
//      with core-loss's harmonizedGradients: median ms per step and tf.profile kernel counts, with
//      the three kernels registered (kernel path) and unregistered (composed path; every other
//      accelerated kernel stays on).
// Run: node tools/bench/batch-norm-training.mjs [--threads 2] [--reps 15] [--steps 7]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { importWorkspaceSources } from './step-setup.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const threads = arg('threads', 2);
const reps = arg('reps', 15);
const steps = arg('steps', 7);
process.env.HARMONIZATION_THREADS = String(threads);
process.env.HARMONIZATION_ACCELERATOR_BINARY ??= path.join(repoRoot, 'packages/accelerator/native/build/Release/harmonization_accelerator.node');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn, n) {
  fn(); // warm-up (pool, page faults)
  const ms = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

tf.env().set('PROD', true);
await tf.setBackend('cpu');
await tf.ready();
const [coreLoss, acc] = await importWorkspaceSources(['core-loss/src/index', 'accelerator/src/index']);
coreLoss.registerHarmonizationGradients();
const status = acc.enableCpuAccelerator();
if (!status.enabled) throw new Error(`accelerator unavailable: ${status.reason}`);
const NAMES = [acc.BATCH_NORM_TRAINING, acc.BATCH_NORM_TRAINING_GRAD, acc.BATCH_NORM_TRAINING_GRAD_GRAD];
console.log(`cpu + accelerator, ${status.threads} threads`);

// 1. Kernels alone.
const shape = [4, 64, 64, 64];
const c = shape[3];
const t = tf.tidy(() => ({
  x: tf.add(tf.randomNormal(shape, 0, 1, 'float32', 1), 0.5),
  dy: tf.randomNormal(shape, 0, 1, 'float32', 2),
  gdx: tf.randomNormal(shape, 0, 1, 'float32', 3),
  scale: tf.randomNormal([c], 1, 0.2, 'float32', 4),
  offset: tf.randomNormal([c], 0, 0.2, 'float32', 5),
  gdscale: tf.randomNormal([c], 0, 1, 'float32', 6),
  gdoffset: tf.randomNormal([c], 0, 1, 'float32', 7),
}));
const attrs = { varianceEpsilon: 1e-3 };
const run = (name, inputs) => tf.dispose(tf.engine().runKernel(name, inputs, attrs));
const [, mean, variance] = tf.engine().runKernel(NAMES[0], { x: t.x, scale: t.scale, offset: t.offset }, attrs);
const kernelMs = {
  [NAMES[0]]: time(() => run(NAMES[0], { x: t.x, scale: t.scale, offset: t.offset }), reps),
  [NAMES[1]]: time(() => run(NAMES[1], { dy: t.dy, x: t.x, scale: t.scale, mean, variance }), reps),
  [NAMES[2]]: time(() => run(NAMES[2], { dy: t.dy, x: t.x, scale: t.scale, mean, variance, gdx: t.gdx, gdscale: t.gdscale, gdoffset: t.gdoffset }), reps),
};
// For scale: one full-size native element-wise op (Add) on the same tensor.
const addMs = time(() => tf.dispose(tf.add(t.x, t.dy)), reps);
console.log(`\nkernels on x [${shape}] (${tf.util.sizeFromShape(shape) / 1e6}M elements), median of ${reps}:`);
for (const [k, v] of Object.entries(kernelMs)) console.log(`  ${k.padEnd(40)} ${v.toFixed(2)} ms`);
console.log(`  ${'(one native Add x + dy, for scale)'.padEnd(40)} ${addMs.toFixed(2)} ms`);

// 2. Harmonized micro-step.
const v = tf.tidy(() => ({
  w1: tf.variable(tf.mul(tf.randomNormal([3, 3, 3, 64], 0, 1, 'float32', 11), 0.2)),
  gamma: tf.variable(tf.randomNormal([64], 1, 0.1, 'float32', 12)),
  beta: tf.variable(tf.randomNormal([64], 0, 0.1, 'float32', 13)),
  w2: tf.variable(tf.mul(tf.randomNormal([3, 3, 64, 10], 0, 1, 'float32', 14), 0.05)),
}));
const logits = (images) => {
  const h = tf.conv2d(images, v.w1, 1, 'same');
  const { y } = coreLoss.batchNormTraining(h, v.gamma, v.beta, 1e-3);
  return tf.mean(tf.conv2d(tf.relu(y), v.w2, 1, 'same'), [1, 2]);
};
const batch = tf.tidy(() => ({
  images: tf.randomNormal([4, 64, 64, 3], 0, 1, 'float32', 21),
  labels: tf.cast(tf.oneHot(tf.tensor1d([0, 3, 7, 9], 'int32'), 10), 'float32'),
  heatmaps: tf.randomUniform([4, 64, 64], 0, 1, 'float32', 22),
}));
const variables = Object.values(v);
const step = () => tf.dispose(coreLoss.harmonizedGradients(logits, batch, { variables }).grads);

const configs = NAMES.map((name) => tf.getKernel(name, 'cpu'));
const setKernels = (on) => {
  for (const k of configs) {
    if (tf.getKernel(k.kernelName, 'cpu')) tf.unregisterKernel(k.kernelName, 'cpu');
    if (on) tf.registerKernel(k);
  }
};
async function measure(label, on) {
  setKernels(on);
  const ms = time(step, steps);
  const profile = await tf.profile(step);
  const kernels = profile.kernels;
  const byName = new Map();
  for (const k of kernels) byName.set(k.name, (byName.get(k.name) ?? 0) + 1);
  const full = kernels.filter((k) => k.outputShapes.some((s) => s && tf.util.sizeFromShape(s) >= 1 << 20)).length;
  const kernelTotal = kernels.reduce((a, k) => a + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0), 0);
  const top = [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([n, k]) => `${n}×${k}`).join(' ');
  return { label, ms, kernels: kernels.length, full, kernelTotal, top };
}
const composed = await measure('composed (tf.moments + tf.batchNorm)', false);
const kernel = await measure('kernel (HarmonizationBatchNormTraining*)', true);
console.log(`\nharmonized micro-step: conv 3→64 → batchNormTraining → relu → conv 64→10 → mean, images [4,64,64,3], median of ${steps}:`);
for (const r of [composed, kernel]) {
  console.log(`  ${r.label.padEnd(42)} ${r.ms.toFixed(1)} ms/step; ${r.kernels} kernels (${r.full} with a ≥1M-element output), profiled kernel time ${r.kernelTotal.toFixed(1)} ms`);
  console.log(`      most frequent: ${r.top}`);
}
console.log(`  ratio composed/kernel: ${(composed.ms / kernel.ms).toFixed(2)}× time, ${(composed.kernels / kernel.kernels).toFixed(2)}× kernels`);
console.log(JSON.stringify({ threads: status.threads, kernelMs, addMs, composed, kernel }));

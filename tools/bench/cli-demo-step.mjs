#!/usr/bin/env node
// How long one demo training step takes, and so whether `harmonize demo` (600 steps × 2 models)
// fits its 10-minute budget on 2 cores. tiny_vgg at 32×32×3, 6 classes, batch 16, Adam: plain
// cross-entropy (baseline) and the harmonization loss (double backprop), on the wasm and cpu
// backends, against the PyTorch peer (cli-demo-step.py, one thread) in the same run.
// Needs the packages built (npm run build). Usage: node tools/bench/cli-demo-step.mjs [--steps N]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
const { ensureHarmonizationGradients, trainStep, crossEntropyWithLogits } = await import('@harmonization/core-loss');
const { createModel } = await import('@harmonization/zoo');

const argSteps = process.argv.indexOf('--steps');
const STEPS = argSteps > 0 ? Number(process.argv[argSteps + 1]) : 20;
const B = 16, S = 32, K = 6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(backend, harmonized) {
  await tf.setBackend(backend);
  await tf.ready();
  ensureHarmonizationGradients();
  const model = await createModel('tiny_vgg', { inputShape: [S, S, 3], numClasses: K });
  const opt = tf.train.adam(1e-3);
  const times = [];
  for (let i = 0; i < STEPS + 3; i++) {
    const batch = tf.tidy(() => ({
      images: tf.sub(tf.randomUniform([B, S, S, 3]), 0.5),
      labels: tf.oneHot(tf.randomUniform([B], 0, K, 'int32'), K).toFloat(),
      heatmaps: tf.randomUniform([B, S, S]),
    }));
    const t = performance.now();
    if (harmonized) trainStep(model, opt, batch, { lambdaHarmonization: 10, lambdaWeights: 0, labelSmoothing: 0 });
    else {
      const v = opt.minimize(() => crossEntropyWithLogits(model.apply(batch.images, { training: true }), batch.labels, 0), true, model.trainableWeights.map((w) => w.read()));
      v.dataSync();
      v.dispose();
    }
    if (i >= 3) times.push(performance.now() - t);
    tf.dispose(batch);
  }
  opt.dispose();
  model.dispose();
  return median(times);
}

const out = {};
for (const backend of ['wasm', 'cpu']) {
  for (const h of [false, true]) out[`${backend} ${h ? 'harmonized' : 'baseline'}`] = await measure(backend, h);
}
let torch = null;
try {
  torch = JSON.parse(execFileSync('/usr/bin/python3', [fileURLToPath(new URL('./cli-demo-step.py', import.meta.url))], { encoding: 'utf8' }));
} catch (e) {
  console.error(`PyTorch peer unavailable: ${String(e).split('\n')[0]}`);
}
console.log(`one demo step (tiny_vgg, batch ${B}, ${S}×${S}), median of ${STEPS} steps, ms:`);
for (const [k, v] of Object.entries(out)) {
  const peer = torch ? torch[k.endsWith('harmonized') ? 'harmonized' : 'baseline'] : null;
  console.log(`  ${k.padEnd(20)} ${v.toFixed(1).padStart(8)}${peer ? `   PyTorch ${peer.toFixed(1)} ms, ratio ${(v / peer).toFixed(1)}×` : ''}`);
}
const w = out['wasm baseline'] + out['wasm harmonized'];
console.log(`600 steps of both models on wasm: ${(600 * w / 1000).toFixed(0)} s sequential, ≈ ${(600 * Math.max(out['wasm baseline'], out['wasm harmonized']) / 1000).toFixed(0)} s in two threads on two free cores`);

#!/usr/bin/env node
// How long one demo training step takes, and so whether `harmonize demo` (600 steps × 2 models)
// fits its 10-minute budget on 2 cores. tiny_vgg at 32×32×3, 6 classes, batch 16, Adam: plain
// cross-entropy (baseline) and the harmonization loss (double backprop), on the wasm and cpu
// backends, against the PyTorch peer (cli-demo-step.py, one thread) in the same run.
// Needs the packages built (npm run build).
// Usage: node tools/bench/cli-demo-step.mjs [--steps N] [--backends wasm,cpu,cpu+accelerator]
// Prints wall and CPU milliseconds (CPU time is what a step costs when the machine is shared).
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
const argBackends = process.argv.indexOf('--backends');
const BACKENDS = argBackends > 0 ? process.argv[argBackends + 1].split(',') : ['wasm'];
const B = 16, S = 32, K = 6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(backend, harmonized) {
  if (backend === 'cpu+accelerator') {
    const { enableCpuAccelerator } = await import('@harmonization/accelerator');
    const status = enableCpuAccelerator();
    if (!status.enabled) throw new Error(`accelerator unavailable: ${status.reason}`);
    backend = 'cpu';
  }
  await tf.setBackend(backend);
  await tf.ready();
  ensureHarmonizationGradients();
  const model = await createModel('tiny_vgg', { inputShape: [S, S, 3], numClasses: K });
  const opt = tf.train.adam(1e-3);
  const times = [];
  const cpus = [];
  for (let i = 0; i < STEPS + 3; i++) {
    const batch = tf.tidy(() => ({
      images: tf.sub(tf.randomUniform([B, S, S, 3]), 0.5),
      labels: tf.oneHot(tf.randomUniform([B], 0, K, 'int32'), K).toFloat(),
      heatmaps: tf.randomUniform([B, S, S]),
    }));
    const t = performance.now();
    const c0 = process.cpuUsage();
    if (harmonized) trainStep(model, opt, batch, { lambdaHarmonization: 10, lambdaWeights: 0, labelSmoothing: 0 });
    else {
      const v = opt.minimize(() => crossEntropyWithLogits(model.apply(batch.images, { training: true }), batch.labels, 0), true, model.trainableWeights.map((w) => w.read()));
      v.dataSync();
      v.dispose();
    }
    if (i >= 3) {
      times.push(performance.now() - t);
      const c = process.cpuUsage(c0);
      cpus.push((c.user + c.system) / 1000);
    }
    tf.dispose(batch);
  }
  opt.dispose();
  model.dispose();
  return { wall: median(times), cpu: median(cpus) };
}

const out = {};
for (const backend of BACKENDS) {
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
  console.log(`  ${k.padEnd(20)} wall ${v.wall.toFixed(1).padStart(8)}  cpu ${v.cpu.toFixed(1).padStart(8)}${peer ? `   PyTorch ${peer.toFixed(1)} ms (1 thread), ratio ${(v.cpu / peer).toFixed(1)}× (cpu)` : ''}`);
}
if (out['wasm harmonized']) {
  const b = out['wasm baseline'].cpu;
  const h = out['wasm harmonized'].cpu;
  console.log(`600 demo steps of both models on wasm: ${((600 * (b + h)) / 1000).toFixed(0)} s of CPU; on two free cores (harmonized batch split over both, baseline beside) ≈ ${((600 * Math.max((b + h) / 2, h / 2)) / 1000).toFixed(0)} s`);
}

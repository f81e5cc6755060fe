// Per-kernel time of one harmonized (or plain) step: node tools/bench/step-profile.mjs
//   --model vgg_small --batch 8 --size 64 --backend cpu [--plain] [--accelerator] [--threads n]
// Also prints the time by class: convolutions/matMul, element-wise work on ≥ 8192 elements
// (one pass over activations each), small kernels, and the free ones (Identity, Reshape, Cast).
import { parseArgs } from 'node:util';
import { createBenchContext } from './step-setup.mjs';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'vgg_small' },
    batch: { type: 'string', default: '8' },
    size: { type: 'string', default: '64' },
    backend: { type: 'string', default: 'cpu' },
    plain: { type: 'boolean', default: false },
    accelerator: { type: 'boolean', default: false },
    top: { type: 'string', default: '15' },
    threads: { type: 'string' },
  },
});
const ctx = await createBenchContext({
  backend: values.backend,
  accelerator: values.accelerator,
  model: values.model,
  batch: Number(values.batch),
  size: Number(values.size),
  ...(values.threads ? { threads: Number(values.threads) } : {}),
});
const step = values.plain ? ctx.plainStep : ctx.harmonizedStep;
step(); // warm-up
const t0 = performance.now();
const info = await ctx.tf.profile(() => { step(); });
const wall = performance.now() - t0;
const byKernel = new Map();
for (const k of info.kernels) {
  const e = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
  e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  e.calls += 1;
  byKernel.set(k.name, e);
}
const rows = [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms);
const total = rows.reduce((s, [, e]) => s + e.ms, 0);
console.log(`${values.model} b${values.batch} ${values.size}px ${values.plain ? 'plain' : 'harmonized'} on ${ctx.backendLabel}: wall ${wall.toFixed(0)} ms (profiled), kernels ${total.toFixed(0)} ms, ${info.kernels.length} kernel calls, loss=${ctx.lossSource}`);
for (const [name, e] of rows.slice(0, Number(values.top))) {
  console.log(`  ${name.padEnd(32)} ${e.ms.toFixed(1).padStart(9)} ms ${((100 * e.ms) / total).toFixed(1).padStart(5)}% ${String(e.calls).padStart(6)} calls`);
}

const classes = new Map();
for (const k of info.kernels) {
  const size = (shape) => (shape ?? []).reduce((a, b) => a * b, 1);
  const big = Math.max(size(k.outputShapes[0]), size(k.inputShapes[0])) >= 8192;
  const c = /Conv|MatMul/.test(k.name) ? 'conv/matMul' : ['Identity', 'Reshape', 'Cast'].includes(k.name) ? 'free' : big ? 'element-wise ≥ 8192' : 'small';
  const e = classes.get(c) ?? { ms: 0, calls: 0 };
  e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  e.calls += 1;
  classes.set(c, e);
}
console.log(`  by class: ${[...classes].map(([c, e]) => `${c} ${e.ms.toFixed(0)} ms / ${e.calls}`).join(', ')}`);

// Speed of the kernels @harmonization/core-loss registers (for wasm, and the same bodies for
// cpu), against the cpu backend's own kernels and PyTorch (CPU, 1 thread) in the same run, at
// a realistic size:
// batch 8, 64×64, 32 → 64 channels, 3×3 (depthwise: 32 channels). Prints medians and ratios.
//
//   node tools/bench/wasm-kernels.mjs [--reps 5] [--cpu-batch 1]
//
// The cpu backend's Conv2DBackpropFilter is so slow (~50 s for batch 1 here) that it runs at
// --cpu-batch (default 1) and is scaled linearly to batch 8 (its cost is linear in the batch);
// the table says so. Sources are bundled from packages/core-loss/src with esbuild (tfjs kept
// external, so the engine is shared): the bench measures the current code, built or not.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const REPS = arg('reps', 5);
const CPU_BATCH = arg('cpu-batch', 1);
const N = 8;

async function importRegister() {
  const { build } = await import('esbuild');
  const cache = path.join(repoRoot, 'node_modules', '.cache', 'harmonization-bench');
  mkdirSync(cache, { recursive: true });
  const outdir = mkdtempSync(path.join(cache, 'core-loss-kernels-'));
  await build({
    entryPoints: [path.join(repoRoot, 'packages/core-loss/src/register-gradients.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir,
    external: ['@tensorflow/*'],
    logLevel: 'silent',
  });
  return import(pathToFileURL(path.join(outdir, 'register-gradients.js')).href);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median wall time (ms) of `reps` runs of a kernel (after one warm-up when reps > 1). */
function timeKernel(kernel, makeInputs, attrs, reps) {
  const inputs = makeInputs();
  const once = () => {
    const t0 = performance.now();
    const out = tf.engine().runKernel(kernel, inputs, attrs);
    out.dataSync();
    const ms = performance.now() - t0;
    out.dispose();
    return ms;
  };
  if (reps > 1) once();
  const times = Array.from({ length: reps }, once);
  Object.values(inputs).forEach((t) => t.dispose());
  return median(times);
}

/** Runs a kernel on fixed seeded inputs and returns the output values. */
function values(kernel, makeInputs, attrs) {
  const inputs = makeInputs();
  const out = tf.engine().runKernel(kernel, inputs, attrs);
  const v = out.dataSync().slice();
  out.dispose();
  Object.values(inputs).forEach((t) => t.dispose());
  return v;
}

const rnd = (shape, seed) => tf.randomNormal(shape, 0, 1, 'float32', seed);
const CASES = [
  {
    name: 'Conv2DBackpropFilter 3×3/1 SAME, 32→64',
    kernel: 'Conv2DBackpropFilter',
    inputs: (n) => () => ({ x: rnd([n, 64, 64, 32], 1), dy: rnd([n, 64, 64, 64], 2) }),
    attrs: { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 32, 64] },
    cpuScaled: true,
    torch: 'torch.nn.grad.conv2d_weight(x, (64, 32, 3, 3), dy, stride=1, padding=1)',
    torchShapes: { x: [N, 32, 64, 64], dy: [N, 64, 64, 64] },
  },
  {
    name: 'Conv2DBackpropFilter 3×3/2 SAME, 32→64',
    kernel: 'Conv2DBackpropFilter',
    inputs: (n) => () => ({ x: rnd([n, 64, 64, 32], 1), dy: rnd([n, 32, 32, 64], 2) }),
    attrs: { strides: [2, 2], pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 32, 64] },
    cpuScaled: true,
    torch: 'torch.nn.grad.conv2d_weight(torch.nn.functional.pad(x, (0, 1, 0, 1)), (64, 32, 3, 3), dy, stride=2, padding=0)',
    torchShapes: { x: [N, 32, 64, 64], dy: [N, 64, 32, 32] },
  },
  {
    name: 'DepthwiseConv2dNativeBackpropInput 3×3/1 SAME, 32',
    kernel: 'DepthwiseConv2dNativeBackpropInput',
    inputs: (n) => () => ({ dy: rnd([n, 64, 64, 32], 3), filter: rnd([3, 3, 32, 1], 4) }),
    attrs: { strides: [1, 1], pad: 'same', dilations: [1, 1], inputShape: [N, 64, 64, 32] },
    torch: 'torch.nn.grad.conv2d_input((8, 32, 64, 64), w, dy, stride=1, padding=1, groups=32)',
    torchShapes: { w: [32, 1, 3, 3], dy: [N, 32, 64, 64] },
  },
  {
    name: 'DepthwiseConv2dNativeBackpropInput 3×3/2 SAME, 32',
    kernel: 'DepthwiseConv2dNativeBackpropInput',
    inputs: (n) => () => ({ dy: rnd([n, 32, 32, 32], 3), filter: rnd([3, 3, 32, 1], 4) }),
    attrs: { strides: [2, 2], pad: 'same', dilations: [1, 1], inputShape: [N, 64, 64, 32] },
    torch: 'torch.nn.grad.conv2d_input((8, 32, 65, 65), w, dy, stride=2, padding=0, groups=32)',
    torchShapes: { w: [32, 1, 3, 3], dy: [N, 32, 32, 32] },
  },
  {
    name: 'DepthwiseConv2dNativeBackpropFilter 3×3/1 SAME, 32',
    kernel: 'DepthwiseConv2dNativeBackpropFilter',
    inputs: (n) => () => ({ x: rnd([n, 64, 64, 32], 5), dy: rnd([n, 64, 64, 32], 6) }),
    attrs: { strides: [1, 1], pad: 'same', dilations: [1, 1], filterShape: [3, 3, 32, 1] },
    torch: 'torch.nn.grad.conv2d_weight(x, (32, 1, 3, 3), dy, stride=1, padding=1, groups=32)',
    torchShapes: { x: [N, 32, 64, 64], dy: [N, 32, 64, 64] },
  },
  {
    name: 'MaxPoolGrad 2×2/2 VALID, 64',
    kernel: 'MaxPoolGrad',
    inputs: (n) => () => {
      const input = rnd([n, 64, 64, 64], 7);
      return { dy: rnd([n, 32, 32, 64], 8), input, output: tf.maxPool(input, 2, 2, 'valid') };
    },
    attrs: { filterSize: [2, 2], strides: [2, 2], pad: 'valid' },
    torch: 'torch.ops.aten.max_pool2d_with_indices_backward(dy, x, [2, 2], [2, 2], [0, 0], [1, 1], False, idx)',
    torchShapes: { x: [N, 64, 64, 64], dy: [N, 64, 32, 32] },
    torchSetup: '_, idx = torch.nn.functional.max_pool2d(x, 2, 2, return_indices=True)',
  },
  {
    name: 'MaxPoolGrad 3×3/1 SAME, 64',
    kernel: 'MaxPoolGrad',
    inputs: (n) => () => {
      const input = rnd([n, 64, 64, 64], 7);
      return { dy: rnd([n, 64, 64, 64], 8), input, output: tf.maxPool(input, 3, 1, 'same') };
    },
    attrs: { filterSize: [3, 3], strides: [1, 1], pad: 'same' },
    torch: 'torch.ops.aten.max_pool2d_with_indices_backward(dy, x, [3, 3], [1, 1], [1, 1], [1, 1], False, idx)',
    torchShapes: { x: [N, 64, 64, 64], dy: [N, 64, 64, 64] },
    torchSetup: '_, idx = torch.nn.functional.max_pool2d(x, 3, 1, 1, return_indices=True)',
  },
];

function torchTimes() {
  const lines = [
    'import json, time, torch',
    'torch.set_num_threads(1)',
    'torch.manual_seed(0)',
    'out = {}',
  ];
  for (const c of CASES) {
    lines.push(...Object.entries(c.torchShapes).map(([k, s]) => `${k} = torch.randn(${JSON.stringify(s)})`));
    if (c.torchSetup) lines.push(c.torchSetup);
    lines.push(
      `f = lambda: ${c.torch}`,
      'f()',
      'ts = []',
      `for _ in range(${REPS}):`,
      '    t = time.perf_counter(); f(); ts.append((time.perf_counter() - t) * 1000)',
      `out[${JSON.stringify(c.name)}] = sorted(ts)[len(ts) // 2]`,
    );
  }
  lines.push('print(json.dumps({"version": torch.__version__, "times": out}))');
  const r = spawnSync('/usr/bin/python3', ['-c', lines.join('\n')], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.warn(`PyTorch peer failed: ${r.stderr.trim().split('\n').pop()}`);
    return null;
  }
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

// 1. cpu backend: its own kernels (the reference), before anything is registered.
await tf.setBackend('cpu');
await tf.ready();
const cpu = {};
const reference = {};
for (const c of CASES) {
  const n = c.cpuScaled ? CPU_BATCH : N;
  const ms = timeKernel(c.kernel, c.inputs(n), c.attrs, c.cpuScaled ? 1 : Math.min(REPS, 3));
  cpu[c.name] = { ms: (ms * N) / n, scaled: n !== N };
  if (c.kernel === 'MaxPoolGrad') reference[c.name] = values(c.kernel, c.inputs(N), c.attrs);
}

// 2. wasm: the stock MaxPoolGrad (wrong), then ours.
await tf.setBackend('wasm');
await tf.ready();
const stockWasm = {};
for (const c of CASES.filter((k) => k.kernel === 'MaxPoolGrad')) {
  const v = values(c.kernel, c.inputs(N), c.attrs);
  const ref = reference[c.name];
  let wrong = 0;
  for (let i = 0; i < v.length; i++) if (Math.abs(v[i] - ref[i]) > 1e-5) wrong++;
  stockWasm[c.name] = { ms: timeKernel(c.kernel, c.inputs(N), c.attrs, REPS), wrongFraction: wrong / v.length };
}
const { registerHarmonizationGradients } = await importRegister();
registerHarmonizationGradients();
const ours = {};
for (const c of CASES) {
  let maxRel = null;
  if (reference[c.name]) {
    const v = values(c.kernel, c.inputs(N), c.attrs);
    const ref = reference[c.name];
    const scale = ref.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    maxRel = v.reduce((m, x, i) => Math.max(m, Math.abs(x - ref[i])), 0) / scale;
  }
  ours[c.name] = { ms: timeKernel(c.kernel, c.inputs(N), c.attrs, REPS), maxRel };
}

// 3. Ours on the cpu backend (registered above for cpu too).
await tf.setBackend('cpu');
await tf.ready();
const oursCpu = {};
for (const c of CASES) oursCpu[c.name] = timeKernel(c.kernel, c.inputs(N), c.attrs, c.cpuScaled ? 1 : Math.min(REPS, 3));

// 4. PyTorch peer.
const torch = torchTimes();

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
console.log(`\nKernels at batch ${N}, 64×64 (median of ${REPS}; cpu Conv2DBackpropFilter measured at batch ${CPU_BATCH} and scaled ×${N / CPU_BATCH}*)`);
console.log(`tfjs ${tf.version_core}; PyTorch ${torch?.version ?? 'n/a'} CPU, 1 thread\n`);
console.log('| kernel | wasm (ours) | cpu backend (tfjs) | tfjs cpu / wasm | cpu (ours) | ours cpu / wasm | PyTorch | wasm / PyTorch |');
console.log('|---|---|---|---|---|---|---|---|');
for (const c of CASES) {
  const w = ours[c.name].ms;
  const k = cpu[c.name];
  const p = torch?.times?.[c.name];
  console.log(
    `| ${c.name} | ${fmt(w)} | ${fmt(k.ms)}${k.scaled ? '*' : ''} | ${(k.ms / w).toFixed(1)}× | ${fmt(oursCpu[c.name])} | ${(oursCpu[c.name] / w).toFixed(1)}× | ${p != null ? fmt(p) : 'n/a'} | ${p != null ? `${(w / p).toFixed(1)}×` : 'n/a'} |`,
  );
}
console.log('\nwasm stock MaxPoolGrad (replaced): time and share of dx elements that differ from the cpu backend');
for (const [name, s] of Object.entries(stockWasm)) {
  console.log(`  ${name}: ${fmt(s.ms)}, ${(100 * s.wrongFraction).toFixed(1)}% wrong; ours: ${fmt(ours[name].ms)}, max |Δ|/max|ref| = ${ours[name].maxRel.toExponential(1)}`);
}

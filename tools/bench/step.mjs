// Harmonized (double backprop) vs plain training step: this project on each tfjs backend, and the
// same step in PyTorch (step_torch.py), in ONE invocation.
//
//   node tools/bench/step.mjs --model vgg_small --batch 8 --size 64 --steps 5 --json
//       one JSON line: harmonizationMs / plainMs medians on the best available backend
//   node tools/bench/step.mjs --table [--models vgg_small,resnet_small,resnet50] [--steps 3]
//       table over backends (cpu, wasm, cpu+accelerator at 1 and 2 threads) and PyTorch
//       (1 and 2 threads), plus the evaluation saliency at 224×224
//
// Every cell runs in its own child process (a tfjs backend is chosen once per process). The
// machine may be shared: each cell reports wall-clock medians AND the process CPU time per step;
// compare ratios measured in the same run.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: opts } = parseArgs({
  options: {
    model: { type: 'string', default: 'vgg_small' },
    batch: { type: 'string' },
    size: { type: 'string' },
    steps: { type: 'string', default: '5' },
    backend: { type: 'string', default: 'best' },
    threads: { type: 'string' },
    json: { type: 'boolean', default: false },
    table: { type: 'boolean', default: false },
    models: { type: 'string', default: 'vgg_small,resnet_small,resnet50' },
    backends: { type: 'string', default: 'cpu,wasm,cpu+accelerator' },
    'stock-steps': { type: 'string', default: '1' },
    'saliency-batch': { type: 'string', default: '8' },
    saliency: { type: 'boolean', default: false },
    'no-saliency': { type: 'boolean', default: false },
    child: { type: 'boolean', default: false },
    'stock-bn': { type: 'boolean', default: false },
  },
});

const DEFAULTS = { vgg_small: [8, 64], resnet_small: [4, 128], resnet50: [2, 224] };

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall ms and median process-CPU ms of `fn` over `steps` runs after one warm-up. */
function time(fn, steps) {
  fn();
  const wall = [];
  const cpu = [];
  for (let i = 0; i < steps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { ms: median(wall), cpuMs: median(cpu) };
}

async function runCell({ model, batch, size, steps, backend, threads, saliency }) {
  const { createBenchContext } = await import('./step-setup.mjs');
  const accelerator = backend === 'cpu+accelerator';
  const ctx = await createBenchContext({ backend: accelerator ? 'cpu' : backend, accelerator, model, batch, size, threads, stockBatchNorm: opts['stock-bn'] });
  const { tf } = ctx;
  const before = tf.memory().numTensors;
  const out = { framework: 'tfjs', model, batch, size, steps, backend: ctx.backendLabel, threads: accelerator ? ctx.accStatus.threads : 1, loss: ctx.lossSource, batchNorm: ctx.batchNorm };
  if (saliency) {
    const s = time(() => tf.dispose(ctx.saliency(ctx.batch.images, ctx.batch.labels)), steps);
    Object.assign(out, { saliencyMs: s.ms, saliencyCpuMs: s.cpuMs });
  } else {
    const h = time(ctx.harmonizedStep, steps);
    const p = time(ctx.plainStep, steps);
    Object.assign(out, { harmonizationMs: h.ms, plainMs: p.ms, harmonizationCpuMs: h.cpuMs, plainCpuMs: p.cpuMs, ratio: h.ms / p.ms });
  }
  out.leakedTensors = tf.memory().numTensors - before;
  return out;
}

function child(args) {
  const res = spawnSync(process.execPath, [path.join(here, 'step.mjs'), '--child', '--json', ...(opts['stock-bn'] ? ['--stock-bn'] : []), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env },
  });
  const line = res.stdout.split('\n').reverse().find((l) => l.startsWith('{'));
  if (res.status !== 0 || !line) {
    const why = `${res.stderr}`.split('\n').find((l) => /Error/.test(l)) ?? `exit ${res.status}`;
    return { error: why.trim().slice(0, 140) };
  }
  return JSON.parse(line);
}

function torch({ model, batch, size, steps, threads, saliency }) {
  const res = spawnSync('/usr/bin/python3', [path.join(here, 'step_torch.py'), '--model', model, '--batch', String(batch),
    '--size', String(size), '--steps', String(steps), '--threads', String(threads), ...(saliency ? ['--saliency'] : [])],
    // Same OpenMP idle policy as our addon: spinning idle threads wreck a shared machine.
    { encoding: 'utf8', env: { ...process.env, OMP_WAIT_POLICY: process.env.OMP_WAIT_POLICY ?? 'PASSIVE' } });
  const line = res.stdout.split('\n').reverse().find((l) => l.startsWith('{'));
  if (res.status !== 0 || !line) return { error: `${res.stderr}`.trim().split('\n').pop()?.slice(0, 140) ?? 'failed' };
  return JSON.parse(line);
}

async function bestBackend(cell) {
  // The accelerator if it loads, else wasm (one core, needs core-loss's wasm kernels), else cpu.
  for (const backend of ['cpu+accelerator', 'wasm', 'cpu']) {
    const r = child(['--model', cell.model, '--batch', String(cell.batch), '--size', String(cell.size), '--steps', String(cell.steps), '--backend', backend,
      ...(cell.threads ? ['--threads', String(cell.threads)] : [])]);
    if (!r.error) return r;
  }
  throw new Error('bench: no backend could run the step');
}

const fmt = (ms) => (ms === undefined ? '—' : ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);

function printRow(r) {
  const [batch, size] = DEFAULTS[r.model];
  if (r.error) {
    console.log(`| ${r.model} (${batch}, ${size}) | ${r.backend} | ${r.threads} | ${r.error} | | | | | |`);
    return;
  }
  const ratio = r.harmonizationMs / r.plainMs;
  const torchRow = r.backend === 'pytorch';
  const rel = (x) => (torchRow ? '1' : Number.isFinite(x) ? x.toFixed(2) : '—');
  console.log(`| ${r.model} (${batch}, ${size}) | ${torchRow ? `PyTorch ${r.version}` : r.backend} | ${r.threads} | ${fmt(r.harmonizationMs)} | ${fmt(r.plainMs)} | ${ratio.toFixed(2)} | ${fmt(r.harmonizationCpuMs)} | ${rel(r.vsTorch)} | ${rel(r.vsTorchCpu)} |`);
}

async function table() {
  const steps = Number(opts.steps);
  const stockSteps = Number(opts['stock-steps']);
  let loss;
  let batchNorm;
  console.log('| model (batch, size) | backend | threads | harmonized step | plain step | harm./plain | harmonized CPU time | ours/PyTorch wall | ours/PyTorch CPU |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const model of opts.models.split(',')) {
    const [batch, size] = DEFAULTS[model];
    const pt = [1, 2].map((t) => torch({ model, batch, size, steps, threads: t }));
    for (let t = 0; t < 2; t++) printRow({ model, backend: 'pytorch', threads: t + 1, ...pt[t] });
    for (const backend of opts.backends.split(',')) {
      for (const threads of backend === 'cpu+accelerator' ? [1, 2] : [1]) {
        if (backend === 'cpu' && model === 'resnet50') {
          printRow({ model, backend, threads, error: 'skipped: minutes per step' });
          continue;
        }
        const slow = backend === 'cpu' || backend === 'wasm';
        const r = child(['--model', model, '--batch', String(batch), '--size', String(size), '--steps', String(slow ? stockSteps : steps),
          '--backend', backend, '--threads', String(threads)]);
        const ref = pt[threads - 1] ?? {};
        loss ??= r.loss;
        batchNorm ??= r.batchNorm;
        printRow({ model, backend, threads, ...r, vsTorch: r.harmonizationMs / ref.harmonizationMs, vsTorchCpu: r.harmonizationCpuMs / ref.harmonizationCpuMs });
      }
    }
  }
  if (!opts['no-saliency']) {
    // Evaluation path: saliency (|∂ logit / ∂ image|, max over channels) of resnet50 at 224×224.
    const sb = Number(opts['saliency-batch']);
    const ss = Math.max(1, steps - 2);
    const salTorch = [1, 2].map((t) => torch({ model: 'resnet50', batch: sb, size: 224, steps: ss, threads: t, saliency: true }));
    console.log(`\n| saliency, resnet50, batch ${sb}, 224×224 | threads | median | CPU time | ours/PyTorch wall |`);
    console.log('|---|---|---|---|---|');
    salTorch.forEach((r, i) => console.log(`| PyTorch | ${i + 1} | ${r.error ?? fmt(r.saliencyMs)} | ${fmt(r.saliencyCpuMs)} | 1 |`));
    for (const [backend, threads] of [['wasm', 1], ['cpu+accelerator', 1], ['cpu+accelerator', 2]]) {
      const r = child(['--model', 'resnet50', '--batch', String(sb), '--size', '224', '--steps', String(ss), '--backend', backend,
        '--threads', String(threads), '--saliency']);
      const v = r.saliencyMs / salTorch[threads - 1]?.saliencyMs;
      console.log(`| ${r.backend ?? backend} | ${threads} | ${r.error ?? fmt(r.saliencyMs)} | ${fmt(r.saliencyCpuMs)} | ${Number.isFinite(v) ? v.toFixed(2) : '—'} |`);
    }
  }
  console.log(`\nloss: ${loss}; batch norm: ${batchNorm}; load average at the end: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}

const [defBatch, defSize] = DEFAULTS[opts.model] ?? [8, 64];
const cell = {
  model: opts.model,
  batch: Number(opts.batch ?? defBatch),
  size: Number(opts.size ?? defSize),
  steps: Number(opts.steps),
  threads: opts.threads ? Number(opts.threads) : undefined,
  saliency: opts.saliency,
};

if (opts.table) {
  await table();
} else if (opts.child) {
  console.log(JSON.stringify(await runCell({ ...cell, backend: opts.backend })));
} else {
  const r = opts.backend === 'best' ? await bestBackend(cell) : child(['--model', cell.model, '--batch', String(cell.batch), '--size', String(cell.size),
    '--steps', String(cell.steps), '--backend', opts.backend, ...(cell.threads ? ['--threads', String(cell.threads)] : [])]);
  if (r.error) throw new Error(`bench: ${r.error}`);
  if (opts.json) console.log(JSON.stringify(r));
  else console.log(`${r.model} b${r.batch} ${r.size}px on ${r.backend}: harmonized ${fmt(r.harmonizationMs)}, plain ${fmt(r.plainMs)} (×${r.ratio.toFixed(2)})`);
}

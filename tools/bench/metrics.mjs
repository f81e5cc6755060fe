// Benchmark: Spearman + Dice + IoU on 1,000 pairs of 224x224 maps, @harmonization/metrics
// against the original's scipy/numpy code (tools/bench/metrics_peer.py) in the same run.
//
//   (cd packages/metrics && npx tsup) && node tools/bench/metrics.mjs [--pairs 1000] [--repeats 3] [--workers 2]
//
// Maps: a continuous (uniform float32) and b quantised to 256 levels (a decoded JPEG heatmap:
// many ties). Both sides draw their own maps of the same kind; a shared check file of 8 pairs
// makes sure both compute the same numbers. Repeats alternate between the two sides.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const metrics = await import(join(root, 'packages/metrics/dist/index.js')).catch(() => {
  console.error('Build the package first: (cd packages/metrics && npx tsup)');
  process.exit(1);
});
const { spearman, dice, iou, alignmentMetrics } = metrics;

// Worker side: alignmentMetrics on a slice of the shared maps.
if (!isMainThread) {
  const { buffer, from, to, n } = workerData;
  const all = new Float32Array(buffer);
  const pairs = all.length / (2 * n);
  parentPort.on('message', () => {
    const a = [];
    const b = [];
    for (let p = from; p < to; p++) {
      a.push(all.subarray(p * n, (p + 1) * n));
      b.push(all.subarray((pairs + p) * n, (pairs + p + 1) * n));
    }
    parentPort.postMessage(alignmentMetrics(a, b));
  });
}

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const PAIRS = arg('pairs', 1000);
const REPEATS = arg('repeats', 3);
const SIZE = 224;
const N = SIZE * SIZE;

// xorshift32 maps of the same kind as the Python side.
let state = 12345;
const next = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
};
const makePair = () => {
  const a = new Float32Array(N);
  const b = new Float32Array(N);
  for (let i = 0; i < N; i++) {
    a[i] = next();
    b[i] = Math.floor(next() * 256) / 255;
  }
  return [a, b];
};
if (!isMainThread) await new Promise(() => {}); // the worker only answers messages
const WORKERS = arg('workers', 2);
// All maps in one SharedArrayBuffer (a maps, then b maps) so workers read them without copies.
const shared = new SharedArrayBuffer(2 * PAIRS * N * 4);
const A = [];
const B = [];
for (let p = 0; p < PAIRS; p++) {
  const [a, b] = makePair();
  const va = new Float32Array(shared, p * N * 4, N);
  const vb = new Float32Array(shared, (PAIRS + p) * N * 4, N);
  va.set(a);
  vb.set(b);
  A.push(va);
  B.push(vb);
}
const workers = Array.from({ length: WORKERS }, (_, w) => new Worker(new URL(import.meta.url), {
  workerData: { buffer: shared, from: Math.floor((w * PAIRS) / WORKERS), to: Math.floor(((w + 1) * PAIRS) / WORKERS), n: N },
}));
const runWorkers = () => Promise.all(workers.map((w) => new Promise((resolve) => {
  w.once('message', resolve);
  w.postMessage('go');
})));
await runWorkers(); // warm-up: module load and JIT in each worker

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
};

// The Python peer, kept running: each of our repeats is followed by one of its own, so both
// see the same machine load.
const peer = spawn('/usr/bin/python3', [join(root, 'tools/bench/metrics_peer.py'), String(PAIRS), String(SIZE)], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const peerLines = createInterface({ input: peer.stdout })[Symbol.asyncIterator]();
const ask = async (command) => {
  if (command) peer.stdin.write(`${command}\n`);
  const { value, done } = await peerLines.next();
  if (done) throw new Error('the Python peer stopped');
  return JSON.parse(value);
};
await ask(); // ready: its maps are drawn
const py = { times: { spearman: [], dice: [], iou: [] } };

const js = { spearman: [], dice: [], iou: [], separate: [], combined: [], parallel: [] };
for (let r = 0; r < REPEATS; r++) {
  const s = time(() => spearman(A, B));
  const d = time(() => dice(A, B));
  const u = time(() => iou(A, B));
  js.spearman.push(s);
  js.dice.push(d);
  js.iou.push(u);
  js.separate.push(s + d + u);
  js.combined.push(time(() => alignmentMetrics(A, B)));
  const t0 = performance.now();
  const parts = await runWorkers();
  js.parallel.push((performance.now() - t0) / 1000);
  if (parts.reduce((s, p) => s + p.spearman.length, 0) !== PAIRS) throw new Error('workers lost pairs');
  const t = await ask('run');
  for (const k of ['spearman', 'dice', 'iou']) py.times[k].push(t[k]);
}
await Promise.all(workers.map((w) => w.terminate()));

// Shared check pairs: both sides compute them from the same bytes.
const dir = mkdtempSync(join(tmpdir(), 'metrics-bench-'));
const checkA = A.slice(0, 8);
const checkB = B.slice(0, 8);
const file = join(dir, 'check.f32');
const flat = new Float32Array(16 * N);
checkA.forEach((m, i) => flat.set(m, i * N));
checkB.forEach((m, i) => flat.set(m, (8 + i) * N));
writeFileSync(file, Buffer.from(flat.buffer));
py.check = await ask(`check ${file}`);
peer.stdin.end();
rmSync(dir, { recursive: true, force: true });
py.times.separate = py.times.spearman.map((s, i) => s + py.times.dice[i] + py.times.iou[i]);

const mine = alignmentMetrics(checkA, checkB);
const maxDiff = (x, y) => Math.max(...x.map((v, i) => Math.abs(v - y[i])));
console.log(`metrics benchmark: ${PAIRS} pairs of ${SIZE}x${SIZE} maps, median of ${REPEATS} runs (seconds)`);
console.log(`check (8 shared pairs): max |spearman diff| ${maxDiff(mine.spearman, py.check.spearman).toExponential(2)}, ` +
  `dice exact ${mine.dice.every((v, i) => v === py.check.dice[i])}, iou exact ${mine.iou.every((v, i) => v === py.check.iou[i])}`);
const rows = [
  ['spearman', median(js.spearman), median(py.times.spearman)],
  ['dice', median(js.dice), median(py.times.dice)],
  ['iou', median(js.iou), median(py.times.iou)],
  ['all three (separate calls)', median(js.separate), median(py.times.separate)],
  ['all three (alignmentMetrics, one sort per map)', median(js.combined), median(py.times.separate)],
  [`all three (alignmentMetrics on ${WORKERS} worker_threads)`, median(js.parallel), median(py.times.separate)],
];
console.log('| metric | @harmonization/metrics | scipy/numpy | speed-up |');
console.log('|---|---|---|---|');
for (const [name, t, p] of rows) console.log(`| ${name} | ${t.toFixed(3)} | ${p.toFixed(3)} | ${(p / t).toFixed(2)}x |`);

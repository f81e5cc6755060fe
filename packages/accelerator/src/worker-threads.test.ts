// The addon in several JS threads of one process at once: two worker threads and the main
// thread each load it, register the native kernels on their own tfjs cpu backend and run
// Conv2D / MatMul and their gradients concurrently; every round must match the stock kernels.
// (Before the pool took one job at a time, concurrent callers corrupted each other's job and
// the process hung or crashed.)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { expect, it } from 'vitest';
import { loadNative } from './load-native';
import { concurrentCheck, SLOT, type ConcurrentCheckResult } from './test-utils/concurrent-check';
import { describeNative } from './test-utils/native-suite';

const WORKERS = 2;

/** The worker entry and everything it imports (tfjs included) as one ES module file. */
function bundleWorker(): string {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'hacc-worker-')), 'worker.mjs');
  buildSync({
    entryPoints: [fileURLToPath(new URL('./test-utils/worker-entry.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: out,
    logLevel: 'error',
    // The ES module builds throughout, so tfjs-core and the gradients it registers are one copy.
    mainFields: ['module', 'main'],
    // CommonJS dependencies inside an ES module bundle still call require().
    banner: { js: "import { createRequire as __hacc_cr } from 'node:module'; const require = __hacc_cr(import.meta.url);" },
  });
  return out;
}

function runWorker(script: string, data: object, binary: string): { worker: Worker; result: Promise<ConcurrentCheckResult> } {
  const worker = new Worker(script, { workerData: data, env: { ...process.env, HARMONIZATION_ACCELERATOR_BINARY: binary } });
  const result = new Promise<ConcurrentCheckResult>((resolve, reject) => {
    worker.once('message', (m: { result?: ConcurrentCheckResult; error?: string }) => (m.result ? resolve(m.result) : reject(new Error(m.error))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited with code ${code} before answering`)));
  });
  return { worker, result };
}

describeNative('the addon in worker threads', () => {
  it('two workers and the main thread load it and run conv/matMul steps at once, matching the stock kernels', async () => {
    const load = loadNative();
    if (!load.addon) throw new Error(load.reason);
    const shared = new SharedArrayBuffer(8 * 4);
    const slots = new Int32Array(shared);
    const common = { threads: 2, minRounds: 6, participants: WORKERS + 1, shared };
    const script = bundleWorker();
    const workers = Array.from({ length: WORKERS }, (_, i) => runWorker(script, { ...common, seed: 100 * (i + 1), threads: 2 + i }, load.path));
    // Thread counts differ per thread (2, 2, 3): each JS thread keeps its own.
    // Start together once every worker has loaded the addon and registered its kernels.
    // (A worker that fails before that rejects its result: stop waiting then.)
    let failed = false;
    workers.forEach((w) => w.result.catch(() => (failed = true)));
    const started = Date.now();
    while (!failed && Atomics.load(slots, SLOT.ready) < WORKERS && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 20));
    Atomics.store(slots, SLOT.go, 1);
    Atomics.notify(slots, SLOT.go);
    const mine = await concurrentCheck({ ...common, seed: 7 });
    const results = [mine, ...(await Promise.all(workers.map((w) => w.result)))];
    await Promise.all(workers.map((w) => w.worker.terminate()));

    for (const r of results) {
      expect(r.enabled, r.reason).toBe(true);
      expect(r.rounds).toBeGreaterThanOrEqual(common.minRounds);
      expect(r.worstRelativeError).toBeLessThanOrEqual(1e-4);
      // Each thread's own registry counted native runs of every kernel under test.
      for (const [name, n] of Object.entries(r.nativeCalls)) expect(n, name).toBeGreaterThanOrEqual(r.rounds);
    }
    // Every loop ran until all three had done their minimum rounds, so the loops overlapped.
    expect(Atomics.load(slots, SLOT.finished)).toBe(WORKERS + 1);
    expect(Math.max(...results.map((r) => r.maxActive))).toBeGreaterThanOrEqual(2);
  });
});

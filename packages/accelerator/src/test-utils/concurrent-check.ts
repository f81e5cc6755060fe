// One participant of the worker-thread test: runs Conv2D (+ both backprops) and MatMul (+ its
// gradients) on the accelerated cpu kernels, round after round, and compares every round with
// the stock cpu kernels. The main thread imports it; worker threads run it from a bundle
// (worker-entry.ts). `shared` holds [ready, go, finished, active, maxActive].
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { acceleratorStatus, disableCpuAccelerator, enableCpuAccelerator } from '../accelerator';

export interface ConcurrentCheckOptions {
  seed: number;
  threads: number;
  /** Rounds each participant runs at least; it keeps going until every participant has. */
  minRounds: number;
  participants: number;
  shared: SharedArrayBuffer;
}

export interface ConcurrentCheckResult {
  enabled: boolean;
  reason?: string;
  rounds: number;
  /** Worst max|accelerated − stock| / max|stock| over every output of every round. */
  worstRelativeError: number;
  nativeCalls: Record<string, number>;
  /** Most participants seen inside a round at once. */
  maxActive: number;
}

export const SLOT = { ready: 0, go: 1, finished: 2, active: 3, maxActive: 4 } as const;
const MAX_ROUNDS = 500;

function step(seed: number): tf.Tensor[] {
  return tf.tidy(() => {
    const x = tf.randomNormal([4, 32, 32, 8], 0, 1, 'float32', seed) as tf.Tensor4D;
    const f = tf.randomNormal([3, 3, 8, 16], 0, 1, 'float32', seed + 1) as tf.Tensor4D;
    const a = tf.randomNormal([64, 96], 0, 1, 'float32', seed + 2) as tf.Tensor2D;
    const b = tf.randomNormal([96, 48], 0, 1, 'float32', seed + 3) as tf.Tensor2D;
    const conv = tf.grads((xx: tf.Tensor, ff: tf.Tensor) => tf.sum(tf.square(tf.conv2d(xx as tf.Tensor4D, ff as tf.Tensor4D, 1, 'same'))));
    const mm = tf.grads((aa: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.square(tf.matMul(aa as tf.Tensor2D, bb as tf.Tensor2D))));
    // Large element-wise work (1M elements): each of these kernels splits over the shared pool.
    const big = tf.randomNormal([1 << 20], 0, 1, 'float32', seed + 4);
    let e = big;
    for (let i = 0; i < 4; i++) e = tf.mul(tf.relu(tf.add(e, big)), tf.square(big));
    return [tf.conv2d(x, f, 2, 'same'), ...conv([x, f]), tf.matMul(a, b), ...mm([a, b]), e, tf.sum(e)];
  });
}

function values(ts: tf.Tensor[]): Float32Array[] {
  const out = ts.map((t) => t.dataSync() as Float32Array);
  tf.dispose(ts);
  return out;
}

function relativeError(stock: Float32Array[], got: Float32Array[]): number {
  let worst = 0;
  stock.forEach((s, i) => {
    const g = got[i]!;
    if (g.length !== s.length) worst = Infinity;
    let scale = 0, diff = 0;
    for (let j = 0; j < s.length; j++) {
      scale = Math.max(scale, Math.abs(s[j]!));
      diff = Math.max(diff, Math.abs(g[j]! - s[j]!));
    }
    worst = Math.max(worst, Number.isFinite(diff) ? diff / Math.max(scale, 1e-12) : Infinity);
  });
  return worst;
}

export async function concurrentCheck(o: ConcurrentCheckOptions): Promise<ConcurrentCheckResult> {
  const slots = new Int32Array(o.shared);
  await tf.setBackend('cpu');
  await tf.ready();
  disableCpuAccelerator();
  const stock = values(step(o.seed));
  const status = enableCpuAccelerator({ threads: o.threads });
  Atomics.add(slots, SLOT.ready, 1);
  // Everyone starts together: the main thread sets `go` once all participants are ready.
  while (Atomics.load(slots, SLOT.go) === 0) Atomics.wait(slots, SLOT.go, 0, 50);
  if (!status.enabled) {
    Atomics.add(slots, SLOT.finished, 1);
    return { enabled: false, reason: status.reason, rounds: 0, worstRelativeError: Infinity, nativeCalls: {}, maxActive: 0 };
  }
  let worst = 0;
  let rounds = 0;
  let counted = false;
  while (rounds < MAX_ROUNDS) {
    const active = Atomics.add(slots, SLOT.active, 1) + 1;
    let seen = Atomics.load(slots, SLOT.maxActive);
    while (active > seen && Atomics.compareExchange(slots, SLOT.maxActive, seen, active) !== seen) seen = Atomics.load(slots, SLOT.maxActive);
    worst = Math.max(worst, relativeError(stock, values(step(o.seed))));
    Atomics.sub(slots, SLOT.active, 1);
    rounds++;
    if (rounds >= o.minRounds && !counted) {
      Atomics.add(slots, SLOT.finished, 1);
      counted = true;
    }
    if (counted && Atomics.load(slots, SLOT.finished) >= o.participants) break;
  }
  const calls = acceleratorStatus().calls.native;
  const nativeCalls = Object.fromEntries(['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'BatchMatMul'].map((k) => [k, calls[k] ?? 0]));
  disableCpuAccelerator();
  return { enabled: true, rounds, worstRelativeError: worst, nativeCalls, maxActive: Atomics.load(slots, SLOT.maxActive) };
}

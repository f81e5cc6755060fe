// Runs the same computation on the stock cpu kernels and on the accelerated ones.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { acceleratorStatus, disableCpuAccelerator, enableCpuAccelerator } from '../accelerator';

export const RELATIVE_TOLERANCE = 1e-4;

function totalNativeCalls(): number {
  return Object.values(acceleratorStatus().calls.native).reduce((a, b) => a + b, 0);
}

/**
 * Returns [stock, accelerated] values of `fn` (tensor or list of tensors). Fails when the
 * accelerated run used no native kernel, unless `expectNative` is false (fallback cases).
 */
export function runBoth(fn: () => tf.Tensor | tf.Tensor[], expectNative = true): [Float32Array[], Float32Array[]] {
  const run = () => {
    const out = tf.tidy(fn);
    const list = Array.isArray(out) ? out : [out];
    const values = list.map((t) => t.dataSync() as Float32Array);
    tf.dispose(list);
    return values;
  };
  disableCpuAccelerator();
  const stock = run();
  const status = enableCpuAccelerator();
  if (!status.enabled) throw new Error(`accelerator unavailable: ${status.reason}`);
  const before = totalNativeCalls();
  const accelerated = run();
  expect(totalNativeCalls() > before).toBe(expectNative);
  return [stock, accelerated];
}

/** Asserts max |accelerated − stock| ≤ 1e-4 · max |stock| for each output. */
export function expectAgreesWithStock(fn: () => tf.Tensor | tf.Tensor[], expectNative = true): void {
  const [stock, accelerated] = runBoth(fn, expectNative);
  expect(accelerated.length).toBe(stock.length);
  stock.forEach((s, i) => {
    const a = accelerated[i]!;
    expect(a.length).toBe(s.length);
    let scale = 0;
    let worst = 0;
    for (let j = 0; j < s.length; j++) {
      const sj = s[j]!, aj = a[j]!;
      // NaN and ±Infinity must match exactly; finite values within the tolerance.
      if (!Number.isFinite(sj) || !Number.isFinite(aj)) {
        expect(Object.is(aj, sj) || (Number.isNaN(aj) && Number.isNaN(sj)) || aj === sj).toBe(true);
        continue;
      }
      scale = Math.max(scale, Math.abs(sj));
      worst = Math.max(worst, Math.abs(aj - sj));
    }
    expect(Number.isFinite(worst)).toBe(true);
    expect(worst).toBeLessThanOrEqual(RELATIVE_TOLERANCE * Math.max(scale, 1e-12));
  });
}

let seed = 1;
/** Deterministic normal noise (different on each call). */
export function randn(shape: number[]): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', seed++);
}

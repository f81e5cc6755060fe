// Shared check for the stateful metrics: feeding the maps batch by batch (in uneven chunks)
// gives exactly the one-shot functional result, and reset() starts over.
import { expect } from 'vitest';

interface Stateful<R> {
  update(a: Float32Array[], b: Float32Array[]): unknown;
  compute(): R;
  reset(): unknown;
}

export function expectAccumulatesLikeOneShot<R>(
  metric: Stateful<R>,
  oneShot: (a: Float32Array[], b: Float32Array[]) => R,
  a: Float32Array[],
  b: Float32Array[],
  chunks: number[],
): void {
  expect(chunks.reduce((s, c) => s + c, 0)).toBe(a.length);
  const expected = oneShot(a, b);
  let start = 0;
  for (const size of chunks) {
    metric.update(a.slice(start, start + size), b.slice(start, start + size));
    start += size;
  }
  expect(metric.compute()).toEqual(expected);
  metric.reset();
  metric.update(a, b);
  expect(metric.compute()).toEqual(expected);
}

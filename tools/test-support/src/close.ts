// Numeric comparison for reference tests: the error is measured relative to the reference
// tensor's scale (its largest magnitude), so near-zero entries do not demand impossible digits.
import { expect } from 'vitest';

export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length, 'length').toBe(expected.length);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / (scale || 1));
  }
  return Number.isNaN(worst) ? Infinity : worst;
}

export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-4, what = 'values'): void {
  const err = maxRelativeError(actual, expected);
  expect(err, `${what}: max error relative to the reference's scale`).toBeLessThanOrEqual(rtol);
}

// Numeric comparison for reference tests: the error is measured relative to the reference
// tensor's scale (its largest magnitude), so near-zero entries do not demand impossible digits.
import { expect } from 'vitest';

/**
 * `floor` bounds the scale from below: for a tensor whose true value vanishes (e.g. the gradient of
 * a bias feeding a training-mode BatchNorm is exactly 0 up to weight decay) float32 cancellation
 * noise must be judged against the magnitude of the computation it came from.
 */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 0): number {
  expect(actual.length, 'length').toBe(expected.length);
  let scale = floor;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / (scale || 1));
  }
  return Number.isNaN(worst) ? Infinity : worst;
}

export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-4, what = 'values', floor = 0): void {
  const err = maxRelativeError(actual, expected, floor);
  expect(err, `${what}: max error relative to the reference's scale`).toBeLessThanOrEqual(rtol);
}

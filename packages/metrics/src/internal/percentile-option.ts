import { fail } from './validate';

/** Default share of pixels kept by the Dice/IoU binarisation (the top 10 %). */
export const DEFAULT_PERCENTILE = 10;

export function checkPercentile(fn: string, percentile: number | undefined): number {
  const p = percentile ?? DEFAULT_PERCENTILE;
  if (typeof p !== 'number' || !(p >= 0 && p <= 100)) {
    fail(fn, `percentile must be a number in [0, 100], got ${String(p)}.`);
  }
  return p;
}

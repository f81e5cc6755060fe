import { describe, expect, it } from 'vitest';
import { seededRandom } from './random';
import { OrderStatistics } from './order-statistics';
import { SortedMap } from './sorted-map';

function sample(kind: string, n: number, seed: number): Float32Array {
  const r = seededRandom(seed);
  return Float32Array.from({ length: n }, () => {
    const x = r();
    if (kind === 'ties') return Math.floor(x * 5) - 2;
    if (kind === 'wide') return (x - 0.5) * 10 ** Math.floor(x * 60 - 30);
    if (kind === 'special') return x < 0.05 ? Infinity : x < 0.1 ? -Infinity : x < 0.2 ? -0 : x < 0.3 ? 0 : x - 0.5;
    return x;
  });
}

describe('sort and select agree with a comparison sort', () => {
  it.each(['uniform', 'ties', 'wide', 'special'])('%s maps', (kind) => {
    for (const n of [1, 2, 7, 1000, 4099]) {
      const values = sample(kind, n, n);
      // Reference: ascending, -0 and +0 equal.
      const want = Float32Array.from(values, (v) => (v === 0 ? 0 : v)).sort();
      const sorted = new SortedMap(n).sort(values);
      const select = new OrderStatistics(n).load(values);
      for (let j = 0; j < n; j++) expect(sorted.value(j)).toBe(want[j]);
      const order = Array.from(sorted.order);
      expect(new Set(order).size).toBe(n);
      for (let j = 0; j < n; j++) expect(values[order[j]!] === 0 ? 0 : values[order[j]!]).toBe(want[j]);
      for (const k of [0, Math.floor(n / 3), Math.floor(0.9 * (n - 1)), n - 2, n - 1].filter((k) => k >= 0)) {
        expect(select.pair(k)).toEqual(sorted.pair(k));
      }
    }
  });
  it('flags NaN', () => {
    const values = Float32Array.from([1, Number.NaN, 0]);
    expect(new SortedMap(3).sort(values).hasNaN).toBe(true);
    expect(new OrderStatistics(3).load(values).hasNaN).toBe(true);
    expect(new SortedMap(2).sort(Float32Array.from([1, 2])).hasNaN).toBe(false);
  });
});

// The k-th smallest value of a float32 map without sorting it: a radix select on the same
// order-preserving keys as SortedMap (levels of 11, 11 and 10 bits, one sequential pass each).
// Dice and IoU only need the two values around a percentile, so this is what they use.
import { floatKey, keyToFloat } from './float-key';

const LEVELS: readonly (readonly [shift: number, bits: number])[] = [
  [21, 11],
  [10, 11],
  [0, 10],
];

export class OrderStatistics {
  readonly size: number;
  hasNaN = false;
  private readonly keys: Uint32Array;
  private readonly counts = new Uint32Array(1 << 11);
  /** Level-0 histogram, filled while loading. */
  private readonly topCounts = new Uint32Array(1 << 11);

  constructor(size: number) {
    this.size = size;
    this.keys = new Uint32Array(size);
  }

  /** Reads a map of `size` values. */
  load(values: Float32Array): this {
    const bits = new Uint32Array(values.buffer, values.byteOffset, this.size);
    const keys = this.keys;
    const top = this.topCounts;
    top.fill(0);
    let nan = false;
    for (let i = 0; i < keys.length; i++) {
      const b = bits[i] as number;
      if ((b & 0x7fffffff) > 0x7f800000) nan = true;
      const k = floatKey(b);
      keys[i] = k;
      top[k >>> 21]! += 1;
    }
    this.hasNaN = nan;
    return this;
  }

  /** Values of rank `k` and `k + 1` (0-based, ascending; `k + 1` clamped to the last). */
  pair(k: number): [number, number] {
    const n = this.size;
    const { key, below, equal, nextInGroup } = this.select(k);
    const first = keyToFloat(key);
    if (k + 1 >= n) return [first, first];
    if (below + equal > k + 1) return [first, first];
    if (nextInGroup !== undefined) return [first, keyToFloat(nextInGroup)];
    // The next value is the smallest key above this one, outside the last group scanned.
    let next = 0xffffffff;
    const keys = this.keys;
    for (let i = 0; i < n; i++) {
      const x = keys[i] as number;
      if (x > key && x < next) next = x;
    }
    return [first, keyToFloat(next)];
  }

  /**
   * Key of rank k, with how many keys are below it and equal to it, and the next larger key when
   * it shares the first 22 bits (read from the last histogram, which saves a pass).
   */
  private select(k: number): { key: number; below: number; equal: number; nextInGroup: number | undefined } {
    const keys = this.keys;
    const counts = this.counts;
    let prefix = 0;
    let below = 0;
    let rank = k;
    let equal = 0;
    let nextInGroup: number | undefined;
    for (let level = 0; level < LEVELS.length; level++) {
      const [shift, bits] = LEVELS[level] as readonly [number, number];
      const mask = (1 << bits) - 1;
      const size = 1 << bits;
      const high = shift + bits;
      if (level === 0) {
        counts.set(this.topCounts);
      } else {
        counts.fill(0, 0, size);
        for (let i = 0; i < keys.length; i++) {
          const x = keys[i] as number;
          // Only keys that share the digits chosen so far.
          if (x >>> high === prefix) counts[(x >>> shift) & mask]! += 1;
        }
      }
      let digit = 0;
      for (; digit < size; digit++) {
        const c = counts[digit] as number;
        if (rank < c) break;
        rank -= c;
        below += c;
      }
      equal = counts[digit] as number;
      prefix = prefix * size + digit;
      if (level === LEVELS.length - 1) {
        let d = digit + 1;
        while (d < size && counts[d] === 0) d++;
        if (d < size) nextInGroup = (prefix - digit + d) >>> 0;
      }
    }
    return { key: prefix >>> 0, below, equal, nextInGroup };
  }
}

// The one sort every metric needs: a stable LSD radix argsort of a float32 map on its bit
// pattern (3 passes of 11 bits, O(n), no comparator calls, no per-element allocation).
// Buffers live in a workspace reused from pair to pair.
import { floatKey, keyToFloat } from './float-key';

const BITS = 11;
const RADIX = 1 << BITS;
const MASK = RADIX - 1;

/**
 * A float32 map sorted ascending: `keys[j]` is the order-preserving uint32 key of the j-th
 * smallest value and `order[j]` its position in the map. -0 is read as +0 (they tie, as in
 * numpy); `hasNaN` is set when the map holds a NaN (its rank and percentile are then NaN).
 */
export class SortedMap {
  readonly size: number;
  readonly keys: Uint32Array;
  readonly order: Uint32Array;
  hasNaN = false;
  private readonly tmpKeys: Uint32Array;
  private readonly tmpOrder: Uint32Array;
  private readonly counts = new Uint32Array(3 * RADIX);

  constructor(size: number) {
    this.size = size;
    this.keys = new Uint32Array(size);
    this.order = new Uint32Array(size);
    this.tmpKeys = new Uint32Array(size);
    this.tmpOrder = new Uint32Array(size);
  }

  /** Sorts `values` (length `size`). */
  sort(values: Float32Array): this {
    const n = this.size;
    const bits = new Uint32Array(values.buffer, values.byteOffset, n);
    const counts = this.counts;
    counts.fill(0);
    let keys = this.tmpKeys;
    let nan = false;
    for (let i = 0; i < n; i++) {
      const b = bits[i] as number;
      if ((b & 0x7fffffff) > 0x7f800000) nan = true;
      const k = floatKey(b);
      keys[i] = k;
      counts[k & MASK]! += 1;
      counts[RADIX + ((k >>> BITS) & MASK)]! += 1;
      counts[2 * RADIX + (k >>> (2 * BITS))]! += 1;
    }
    this.hasNaN = nan;
    let order = this.tmpOrder;
    let outKeys = this.keys;
    let outOrder = this.order;
    let first = true;
    for (let pass = 0; pass < 3; pass++) {
      const base = pass * RADIX;
      const shift = pass * BITS;
      // A pass where every key has the same digit keeps the order: skip it.
      let trivial = false;
      for (let d = 0; d < RADIX; d++) {
        const c = counts[base + d] as number;
        if (c === n) trivial = true;
        if (c !== 0) break;
      }
      if (trivial) continue;
      let sum = 0;
      for (let d = 0; d < RADIX; d++) {
        const c = counts[base + d] as number;
        counts[base + d] = sum;
        sum += c;
      }
      const mask = pass === 2 ? 0x3ff : MASK;
      if (first) {
        for (let i = 0; i < n; i++) {
          const k = keys[i] as number;
          const p = counts[base + ((k >>> shift) & mask)]!++;
          outKeys[p] = k;
          outOrder[p] = i;
        }
        first = false;
      } else {
        for (let i = 0; i < n; i++) {
          const k = keys[i] as number;
          const p = counts[base + ((k >>> shift) & mask)]!++;
          outKeys[p] = k;
          outOrder[p] = order[i] as number;
        }
      }
      [keys, outKeys] = [outKeys, keys];
      [order, outOrder] = [outOrder, order];
    }
    if (first) {
      // Every pass was trivial: all keys are equal.
      for (let i = 0; i < n; i++) order[i] = i;
    }
    if (keys !== this.keys) {
      this.keys.set(keys);
      this.order.set(order);
    }
    return this;
  }

  /** The float32 value of the j-th smallest element. */
  value(j: number): number {
    return keyToFloat(this.keys[j] as number);
  }

  /** Values of rank `k` and `k + 1` (`k + 1` clamped to the last). */
  pair(k: number): [number, number] {
    return [this.value(k), this.value(Math.min(k + 1, this.size - 1))];
  }
}

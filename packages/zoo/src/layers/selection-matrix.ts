// Table lookup as a product with a constant 0/1 matrix. `tf.gather` would do the lookup, but its
// gradient needs the UnsortedSegmentSum kernel, which the wasm backend lacks (tfjs 4.22), and
// matMul's gradients are matMuls, which differentiate again for the harmonization loss.
import * as tf from '@tensorflow/tfjs-core';

const cache = new WeakMap<Int32Array, { depth: number; values: Float32Array }>();

/**
 * `[index.length, depth]` float32 matrix with a single 1 per row, at column `index[row]`:
 * `selectionMatrix(index, depth) · table` equals `gather(table, index, 0)`. The host-side values
 * are built once per index array.
 */
export function selectionMatrix(index: Int32Array, depth: number): tf.Tensor2D {
  let entry = cache.get(index);
  if (!entry || entry.depth !== depth) {
    const values = new Float32Array(index.length * depth);
    index.forEach((column, row) => {
      if (column < 0 || column >= depth) {
        throw new Error(`Error in selectionMatrix: index ${column} at row ${row} is outside [0, ${depth}).`);
      }
      values[row * depth + column] = 1;
    });
    entry = { depth, values };
    cache.set(index, entry);
  }
  return tf.tensor2d(entry.values, [index.length, depth]);
}

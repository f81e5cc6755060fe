// keras_cv_attention_models `MultiHeadPositionalEmbedding` (package `levit`): LeViT's attention
// biases, one per head and per |Δx| + |Δy|·keyHeight offset, added to attention scores.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Shape } from '@tensorflow/tfjs-layers/dist/keras_format/common';
import type { LayerVariable } from '@tensorflow/tfjs-layers';
import { dim, oneShape, oneTensor } from './inputs';
import { selectionMatrix } from './selection-matrix';

export interface MultiHeadPositionalEmbeddingArgs extends LayerArgs {
  /** Height of the query grid; -1: square, from the token count. */
  queryHeight?: number;
  /** Height of the key grid; -1: derived from the query height and the stride. */
  keyHeight?: number;
}

/**
 * The `[queries, keys]` bias index, as kecam builds it with `np.meshgrid` ('xy' order):
 * query (x1, y1) and key (x2, y2) use `|x2 − s·x1| + |y2 − s·y1| · keyHeight`,
 * s = ⌈√(keys / queries)⌉.
 */
export function levitPositionIndex(
  queries: number,
  keys: number,
  queryHeight = -1,
  keyHeight = -1,
): { index: Int32Array; keyBlocksH: number; keyBlocksW: number } {
  // Shared by every layer of the same geometry (and so is its selection matrix).
  const memoKey = `${queries},${keys},${queryHeight},${keyHeight}`;
  const known = memo.get(memoKey);
  if (known) return known;
  const result = computeLevitPositionIndex(queries, keys, queryHeight, keyHeight);
  memo.set(memoKey, result);
  return result;
}

const memo = new Map<string, { index: Int32Array; keyBlocksH: number; keyBlocksW: number }>();

function computeLevitPositionIndex(
  queries: number,
  keys: number,
  queryHeight: number,
  keyHeight: number,
): { index: Int32Array; keyBlocksH: number; keyBlocksW: number } {
  const qh = queryHeight === -1 ? Math.floor(Math.sqrt(queries)) : queryHeight;
  const qw = Math.floor(queries / qh);
  const strides = Math.ceil(Math.sqrt(keys / queries));
  let kh: number;
  if (keyHeight === -1) {
    kh = qh * strides;
    while (keys % kh !== 0) kh -= 1;
  } else {
    kh = keyHeight;
  }
  const kw = Math.floor(keys / kh);
  if (qh * qw !== queries || kh * kw !== keys) {
    throw new Error(`Error in MultiHeadPositionalEmbedding: ${queries} queries and ${keys} keys do not form grids (query height ${qh}, key height ${kh}).`);
  }
  // np.meshgrid(range(h), range(w)) flattened: element i is (x = i mod h, y = ⌊i / h⌋).
  const index = new Int32Array(queries * keys);
  for (let a = 0; a < queries; a += 1) {
    const x1 = a % qh;
    const y1 = Math.floor(a / qh);
    for (let b = 0; b < keys; b += 1) {
      const x2 = b % kh;
      const y2 = Math.floor(b / kh);
      index[a * keys + b] = Math.abs(x2 - x1 * strides) + Math.abs(y2 - y1 * strides) * kh;
    }
  }
  return { index, keyBlocksH: kh, keyBlocksW: kw };
}

/**
 * `[batch, heads, queries, keys]` scores → scores + bias. Weight `positional_embedding`
 * `[keys, heads]`, zeros at init.
 */
export class MultiHeadPositionalEmbedding extends tfl.layers.Layer {
  static className = 'MultiHeadPositionalEmbedding';
  readonly queryHeight: number;
  readonly keyHeight: number;
  private bb: LayerVariable | null = null;
  private index: Int32Array | null = null;
  private queries = 0;
  private keys = 0;

  constructor(args: MultiHeadPositionalEmbeddingArgs = {}) {
    super(args);
    this.queryHeight = args.queryHeight ?? -1;
    this.keyHeight = args.keyHeight ?? -1;
  }

  override build(inputShape: Shape | Shape[]): void {
    const name = 'MultiHeadPositionalEmbedding';
    const shape = oneShape(inputShape, name);
    if (shape.length !== 4) {
      throw new Error(`Error in ${name}: input must be rank 4 [batch, heads, queries, keys], got shape ${JSON.stringify(shape)}.`);
    }
    const heads = dim(shape, 1, name);
    this.queries = dim(shape, 2, name);
    this.keys = dim(shape, 3, name);
    this.index = levitPositionIndex(this.queries, this.keys, this.queryHeight, this.keyHeight).index;
    this.bb = this.addWeight('positional_embedding', [this.keys, heads], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return oneShape(inputShape, 'MultiHeadPositionalEmbedding');
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const scores = oneTensor(inputs, 'MultiHeadPositionalEmbedding');
      const bb = (this.bb as LayerVariable).read();
      const heads = bb.shape[1] as number;
      const bias = tf.matMul(selectionMatrix(this.index as Int32Array, this.keys), bb); // [q·k, heads]
      return tf.add(scores, tf.transpose(tf.reshape(bias, [this.queries, this.keys, heads]), [2, 0, 1]));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), queryHeight: this.queryHeight, keyHeight: this.keyHeight };
  }
}

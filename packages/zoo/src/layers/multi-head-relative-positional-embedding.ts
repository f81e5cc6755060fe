// keras_cv_attention_models `MultiHeadRelativePositionalEmbedding` (package `beit`): a learned
// bias per head and relative offset, added to attention scores (MaxViT block/grid attention).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Shape } from '@tensorflow/tfjs-layers/dist/keras_format/common';
import type { LayerVariable } from '@tensorflow/tfjs-layers';
import { dim, oneShape, oneTensor } from './inputs';
import { selectionMatrix } from './selection-matrix';

export interface MultiHeadRelativePositionalEmbeddingArgs extends LayerArgs {
  /** Whether the first token is a class token with its own three biases (BEiT); MaxViT: false. */
  withClsToken?: boolean;
  /** Height of the attention window; -1: square, from the token count. */
  attnHeight?: number;
  /** Heads; -1: from the input shape. */
  numHeads?: number;
}

/**
 * Index of the bias used for every (query, key) pair, exactly as kecam builds it with
 * `tf.meshgrid` ('xy' order): flattened token k has coordinates (k mod height, ⌊k / height⌋).
 * Returns a `[queries, keys]` array (row-major).
 */
export function relativePositionIndex(
  height: number,
  width: number,
  keyBlocks: number,
  withClsToken: boolean,
): { index: Int32Array; rows: number; cols: number; numRelative: number } {
  // Shared by every layer of the same geometry (and so is its selection matrix).
  const memoKey = `${height},${width},${keyBlocks},${withClsToken}`;
  const known = memo.get(memoKey);
  if (known) return known;
  const result = computeRelativePositionIndex(height, width, keyBlocks, withClsToken);
  memo.set(memoKey, result);
  return result;
}

const memo = new Map<string, { index: Int32Array; rows: number; cols: number; numRelative: number }>();

function computeRelativePositionIndex(
  height: number,
  width: number,
  keyBlocks: number,
  withClsToken: boolean,
): { index: Int32Array; rows: number; cols: number; numRelative: number } {
  const n = height * width;
  const clsPosLen = withClsToken ? 3 : 0;
  const numRelative = (2 * height - 1) * (2 * width - 1) + clsPosLen;
  const cls = withClsToken ? 1 : 0;
  const keepCols = keyBlocks - cls; // keys other than the class token
  if (keepCols > n || keepCols < 1) {
    throw new Error(`Error in MultiHeadRelativePositionalEmbedding: key tokens ${keyBlocks} do not fit a ${height}x${width} window.`);
  }
  const colStart = n - keepCols;
  const rows = n + cls;
  const cols = keepCols + cls;
  const index = new Int32Array(rows * cols);
  for (let k = 0; k < n; k += 1) {
    const k0 = k % height;
    const k1 = Math.floor(k / height);
    for (let l = colStart; l < n; l += 1) {
      const l0 = l % height;
      const l1 = Math.floor(l / height);
      const value = k0 - l0 + height - 1 + (k1 - l1 + width - 1) * (2 * height - 1);
      index[(k + cls) * cols + (l - colStart + cls)] = value;
    }
  }
  if (withClsToken) {
    for (let c = 1; c < cols; c += 1) index[c] = numRelative - 3; // class token as query
    for (let r = 1; r < rows; r += 1) index[r * cols] = numRelative - 2; // class token as key
    index[0] = numRelative - 1;
  }
  return { index, rows, cols, numRelative };
}

/**
 * `[batch, heads, queries, keys]` scores → scores + bias. Weight `positional_embedding`
 * `[heads, (2h − 1)(2w − 1) (+3 with a class token)]`, zeros at init.
 */
export class MultiHeadRelativePositionalEmbedding extends tfl.layers.Layer {
  static className = 'MultiHeadRelativePositionalEmbedding';
  readonly withClsToken: boolean;
  readonly attnHeight: number;
  readonly numHeads: number;
  private table: LayerVariable | null = null;
  private index: Int32Array | null = null;
  private rows = 0;
  private cols = 0;

  constructor(args: MultiHeadRelativePositionalEmbeddingArgs = {}) {
    super(args);
    this.withClsToken = args.withClsToken ?? true;
    this.attnHeight = args.attnHeight ?? -1;
    this.numHeads = args.numHeads ?? -1;
  }

  override build(inputShape: Shape | Shape[]): void {
    const name = 'MultiHeadRelativePositionalEmbedding';
    const shape = oneShape(inputShape, name);
    if (shape.length !== 4) {
      throw new Error(`Error in ${name}: input must be rank 4 [batch, heads, queries, keys], got shape ${JSON.stringify(shape)}.`);
    }
    const cls = this.withClsToken ? 1 : 0;
    const queries = dim(shape, 2, name);
    const keys = dim(shape, 3, name);
    const height = this.attnHeight === -1 ? Math.floor(Math.sqrt(queries - cls)) : this.attnHeight;
    const width = Math.floor((queries - cls) / height);
    if (height * width !== queries - cls) {
      throw new Error(`Error in ${name}: ${queries - cls} query tokens do not form a window of height ${height}.`);
    }
    const heads = this.numHeads === -1 ? dim(shape, 1, name) : this.numHeads;
    const { index, rows, cols, numRelative } = relativePositionIndex(height, width, keys, this.withClsToken);
    this.index = index;
    this.rows = rows;
    this.cols = cols;
    this.table = this.addWeight('positional_embedding', [heads, numRelative], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return oneShape(inputShape, 'MultiHeadRelativePositionalEmbedding');
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const scores = oneTensor(inputs, 'MultiHeadRelativePositionalEmbedding');
      const table = (this.table as LayerVariable).read(); // [heads, numRelative]
      const heads = table.shape[0] as number;
      const bias = tf.matMul(selectionMatrix(this.index as Int32Array, table.shape[1] as number), table, false, true); // [rows·cols, heads]
      return tf.add(scores, tf.transpose(tf.reshape(bias, [this.rows, this.cols, heads]), [2, 0, 1]));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), withClsToken: this.withClsToken, attnHeight: this.attnHeight, numHeads: this.numHeads };
  }
}

// vit_keras `TransformerBlock` (`Transformer/encoderblock_<n>`): pre-norm multi-head self-attention
// and MLP, each with a residual. All its weights live in this one layer, as in the Keras file.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Shape } from '@tensorflow/tfjs-layers/dist/keras_format/common';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';
import type { LayerVariable } from '@tensorflow/tfjs-layers';
import type { Initializer } from '@tensorflow/tfjs-layers/dist/initializers';
import { geluTanh } from './gelu-tanh';
import { dim, oneShape, oneTensor } from './inputs';

export interface TransformerBlockArgs extends LayerArgs {
  /** Attention heads; the hidden size must divide by it. */
  numHeads: number;
  /** Hidden units of the MLP. */
  mlpDim: number;
  /** Dropout rate after attention and in the MLP, applied only when training (vit_keras: 0.1). */
  dropout?: number;
  /**
   * MLP activation: false (default) the exact erf GELU of vit_keras ≥ 0.1 (`tf.keras.activations.gelu(
   * approximate=False)`); true the tanh form of early vit_keras (`tfa.activations.gelu`, approximate by default).
   */
  approximateGelu?: boolean;
}

/**
 * Weight names (relative to the layer), in the order vit_keras's Keras layer lists them — its
 * sub-layers in assignment order (attention, MLP, the two norms):
 * `MultiHeadDotProductAttention_1/{query,key,value,out}/{kernel [D, D], bias [D]}`,
 * `MlpBlock_3/Dense_0/{kernel [D, mlpDim], bias}`, `MlpBlock_3/Dense_1/{kernel [mlpDim, D], bias}`,
 * `LayerNorm_0/{gamma, beta}`, `LayerNorm_2/{gamma, beta}`.
 *
 * `[batch, tokens, D]` → `[batch, tokens, D]`. Layer norms use epsilon 1e-6; GELU as `approximateGelu`
 * says. vit_keras also returns the attention weights as a second output; nothing here uses them, so
 * this layer does not. (Later vit_keras names the MLP's Dense layers `<block>/Dense_0`; Keras loads a
 * layer's weights by position, and the positions are the same.)
 */
export class TransformerBlock extends tfl.layers.Layer {
  static className = 'TransformerBlock';
  readonly numHeads: number;
  readonly mlpDim: number;
  readonly dropout: number;
  readonly approximateGelu: boolean;
  private w: Record<string, LayerVariable> = {};

  constructor(args: TransformerBlockArgs) {
    super(args);
    if (!Number.isInteger(args.numHeads) || args.numHeads < 1) {
      throw new Error(`Error in TransformerBlock: numHeads must be a positive integer, got ${args.numHeads}.`);
    }
    if (!Number.isInteger(args.mlpDim) || args.mlpDim < 1) {
      throw new Error(`Error in TransformerBlock: mlpDim must be a positive integer, got ${args.mlpDim}.`);
    }
    const dropout = args.dropout ?? 0.1;
    if (!(dropout >= 0 && dropout < 1)) {
      throw new Error(`Error in TransformerBlock: dropout must be in [0, 1), got ${dropout}.`);
    }
    this.numHeads = args.numHeads;
    this.mlpDim = args.mlpDim;
    this.dropout = dropout;
    this.approximateGelu = args.approximateGelu ?? false;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = oneShape(inputShape, 'TransformerBlock');
    if (shape.length !== 3) {
      throw new Error(`Error in TransformerBlock: input must be rank 3 [batch, tokens, hidden], got shape ${JSON.stringify(shape)}.`);
    }
    const d = dim(shape, 2, 'TransformerBlock');
    if (d % this.numHeads !== 0) {
      throw new Error(`Error in TransformerBlock: hidden size ${d} must be divisible by numHeads ${this.numHeads}.`);
    }
    const glorot = () => tfl.initializers.glorotUniform({});
    const zeros = () => tfl.initializers.zeros();
    const ones = () => tfl.initializers.ones();
    const add = (name: string, s: number[], init: Initializer) => {
      this.w[name] = this.addWeight(name, s, 'float32', init);
    };
    for (const p of ['query', 'key', 'value', 'out']) {
      add(`MultiHeadDotProductAttention_1/${p}/kernel`, [d, d], glorot());
      add(`MultiHeadDotProductAttention_1/${p}/bias`, [d], zeros());
    }
    add('MlpBlock_3/Dense_0/kernel', [d, this.mlpDim], glorot());
    add('MlpBlock_3/Dense_0/bias', [this.mlpDim], zeros());
    add('MlpBlock_3/Dense_1/kernel', [this.mlpDim, d], glorot());
    add('MlpBlock_3/Dense_1/bias', [d], zeros());
    for (const n of ['LayerNorm_0', 'LayerNorm_2']) {
      add(`${n}/gamma`, [d], ones());
      add(`${n}/beta`, [d], zeros());
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return oneShape(inputShape, 'TransformerBlock');
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs, 'TransformerBlock') as tf.Tensor3D;
      const training = kwargs['training'] === true;
      const v = (name: string) => (this.w[name] as LayerVariable).read();
      const attnIn = layerNorm(x, v('LayerNorm_0/gamma'), v('LayerNorm_0/beta'));
      let attn = this.attention(attnIn, v);
      if (training && this.dropout > 0) attn = tf.dropout(attn, this.dropout) as tf.Tensor3D;
      const h = tf.add(attn, x) as tf.Tensor3D;
      const mlpIn = layerNorm(h, v('LayerNorm_2/gamma'), v('LayerNorm_2/beta'));
      const hidden = dense(mlpIn, v('MlpBlock_3/Dense_0/kernel'), v('MlpBlock_3/Dense_0/bias'));
      let y = this.approximateGelu ? geluTanh(hidden) : geluErf(hidden);
      if (training && this.dropout > 0) y = tf.dropout(y, this.dropout) as tf.Tensor3D;
      y = dense(y, v('MlpBlock_3/Dense_1/kernel'), v('MlpBlock_3/Dense_1/bias'));
      if (training && this.dropout > 0) y = tf.dropout(y, this.dropout) as tf.Tensor3D;
      return tf.add(h, y);
    });
  }

  /** vit_keras MultiHeadSelfAttention: softmax(q·kᵀ / √headDim)·v over heads, then `out`. */
  private attention(x: tf.Tensor3D, v: (name: string) => tf.Tensor): tf.Tensor3D {
    const [batch, tokens, d] = x.shape;
    const heads = this.numHeads;
    const headDim = d / heads;
    const p = 'MultiHeadDotProductAttention_1';
    const split = (t: tf.Tensor3D) => tf.transpose(tf.reshape(t, [batch, tokens, heads, headDim]), [0, 2, 1, 3]);
    const q = split(dense(x, v(`${p}/query/kernel`), v(`${p}/query/bias`)));
    const k = split(dense(x, v(`${p}/key/kernel`), v(`${p}/key/bias`)));
    const val = split(dense(x, v(`${p}/value/kernel`), v(`${p}/value/bias`)));
    const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(headDim));
    const weights = tf.softmax(scores, -1);
    const merged = tf.reshape(tf.transpose(tf.matMul(weights, val), [0, 2, 1, 3]), [batch, tokens, d]) as tf.Tensor3D;
    return dense(merged, v(`${p}/out/kernel`), v(`${p}/out/bias`));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), numHeads: this.numHeads, mlpDim: this.mlpDim, dropout: this.dropout, approximateGelu: this.approximateGelu };
  }
}

/** `[b, n, in]` · `[in, out]` + `[out]` → `[b, n, out]`, as one 2-D matMul. */
function dense(x: tf.Tensor3D, kernel: tf.Tensor, bias: tf.Tensor): tf.Tensor3D {
  const [b, n, d] = x.shape;
  const out = kernel.shape[1] as number;
  return tf.reshape(tf.add(tf.matMul(tf.reshape(x, [b * n, d]), kernel as tf.Tensor2D), bias), [b, n, out]);
}

/** Keras LayerNormalization over the last axis, epsilon 1e-6. */
function layerNorm(x: tf.Tensor3D, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor3D {
  const mean = tf.mean(x, -1, true);
  const centered = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centered), -1, true);
  return tf.add(tf.mul(tf.mul(centered, tf.rsqrt(tf.add(variance, 1e-6))), gamma), beta) as tf.Tensor3D;
}

/** GELU, exact: 0.5·x·(1 + erf(x / √2)). */
function geluErf<T extends tf.Tensor>(x: T): T {
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))) as T;
}

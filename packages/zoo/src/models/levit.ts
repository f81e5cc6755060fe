/**
 * LeViT (Graham et al. 2021) as keras_cv_attention_models (kecam) builds it, so the harmonized
 * LeViT-128 weights (`levit_small_harmonized.h5`, from kecam
 * `LeViT128(classifier_activation=None, use_distillation=False)` + `load_weights`) load by name.
 *
 * Layers holding weights: stem `stem_{1..4}_conv` (3×3/2, no bias, torch-style padding 1) and
 * `stem_{1..4}_bn`; per attention block `stack{n}_block{m}_`: `qkv` (Dense, no bias,
 * heads·(2 + attnRatio)·keyDim), `qkv_bn`, `attn_pos` ({@link MultiHeadPositionalEmbedding},
 * `positional_embedding` [keys, heads]), `out` (Dense, no bias), `out_bn` (gamma zeros at init);
 * per MLP `..._mlp_1_dense`, `..._mlp_1_bn`, `..._mlp_2_dense`, `..._mlp_2_bn` (no biases);
 * per downsampling `stack{n}_downsample_`: `q`, `q_bn`, `kv`, `kv_bn`, `attn_pos`, `out`, `out_bn`
 * and its MLP; head `head_bn`, `head` (logits). No distillation head.
 * One deliberate difference in initial values only: kecam starts the downsampling `out_bn` gamma at
 * zero too, which, with no residual there, makes a freshly built model output exactly 0 and get
 * no gradient below it; here it starts at one, as in the original LeViT (AttentionSubsample).
 * BatchNorm epsilon 1e-5 (momentum 0.9), hard-swish activations (after the stem BNs but the
 * last, inside MLPs, and on the attention output before `out`), qkv split per head as
 * [q (keyDim) | k (keyDim) | v (attnRatio·keyDim)], scores q·kᵀ/√keyDim + attention bias.
 *
 * Checked against kecam source (levit.py, an early TF-only version and the later multi-backend
 * one; the weight-holding names agree, the later one keeps [batch, h, w, C] tensors as here, the
 * early one flattened tokens). NOT verified: the exact kecam version of Feb 2023, and the file
 * itself. The weightless layers (reshape/split ops in Keras) have names of our own.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import type { SymbolicTensor } from '@tensorflow/tfjs-layers';
import { AttentionScores } from '../layers/attention-scores';
import { HardSwish } from '../layers/hard-swish';
import { MergeHeads } from '../layers/merge-heads';
import { MultiHeadPositionalEmbedding } from '../layers/multi-head-positional-embedding';
import { registerZooLayers } from '../layers/register-layers';
import { SpatialSubsample } from '../layers/spatial-subsample';
import { SplitHeads } from '../layers/split-heads';
import { checkBuildOptions } from './check-build-options';
import type { ModelBuildOptions } from './model-options';
import { batchNormalization } from '../layers/batch-normalization';

/** Size of a LeViT (kecam `LeViT` arguments). */
export interface LeViTConfig {
  /** Stem output channels (kecam `patch_channel`). */
  stemWidth: number;
  /** Channels after each stage's downsampling (kecam `out_channels`); equal to the input: none. */
  widths: number[];
  numHeads: number[];
  /** Attention + MLP blocks per stage (kecam `depthes`). */
  depths: number[];
  keyDims: number[];
  attnRatios: number[];
  mlpRatios: number[];
  /** Downsampling stride after each stage (kecam `strides`; 0 where there is none). */
  strides: number[];
}

/** kecam BLOCK_CONFIGS["128"]. */
export const LEVIT_128_CONFIG: Readonly<LeViTConfig> = {
  stemWidth: 128,
  widths: [256, 384, 384],
  numHeads: [4, 8, 12],
  depths: [4, 4, 4],
  keyDims: [16, 16, 16],
  attnRatios: [2, 2, 2],
  mlpRatios: [2, 2, 2],
  strides: [2, 2, 0],
};

const ap = (layer: tfl.layers.Layer, x: SymbolicTensor): SymbolicTensor => layer.apply(x) as SymbolicTensor;
const shapeOf = (x: SymbolicTensor): number[] => x.shape.slice(1) as number[];

/** Any LeViT size with kecam layer names. Input NHWC, output logits `[batch, numClasses]`. */
export function buildLeViT(options: ModelBuildOptions & LeViTConfig): tfl.LayersModel {
  const fn = 'buildLeViT';
  checkBuildOptions(options, fn);
  const lists = ['widths', 'numHeads', 'depths', 'keyDims', 'attnRatios', 'mlpRatios', 'strides'] as const;
  const stages = options.widths?.length ?? 0;
  for (const key of lists) {
    const list = options[key];
    if (!Array.isArray(list) || list.length !== stages || stages === 0) {
      throw new Error(`Error in ${fn}: ${key} must be an array with one entry per stage (${stages}), got ${JSON.stringify(list)}.`);
    }
    const min = key === 'strides' || key === 'mlpRatios' ? 0 : 1;
    if (list.some((v) => !Number.isInteger(v) || v < min)) {
      throw new Error(`Error in ${fn}: ${key} must hold integers ≥ ${min}, got ${JSON.stringify(list)}.`);
    }
  }
  if (!Number.isInteger(options.stemWidth) || options.stemWidth < 8 || options.stemWidth % 8 !== 0) {
    throw new Error(`Error in ${fn}: stemWidth must be a positive multiple of 8, got ${options.stemWidth}.`);
  }
  if (options.inputShape[0] < 16 || options.inputShape[1] < 16) {
    throw new Error(`Error in ${fn}: inputShape height and width must be at least 16, got ${JSON.stringify(options.inputShape)}.`);
  }
  registerZooLayers();
  const bn = (name: string, zeroGamma = false) =>
    batchNormalization({ epsilon: 1e-5, momentum: 0.9, gammaInitializer: zeroGamma ? 'zeros' : 'ones', name });
  const hswish = (name: string) => new HardSwish({ name });
  const dense = (units: number, name: string) => tfl.layers.dense({ units, useBias: false, name });

  const input = tfl.input({ shape: options.inputShape, name: 'input_1' });
  let x: SymbolicTensor = input;
  const stemWidths = [options.stemWidth / 8, options.stemWidth / 4, options.stemWidth / 2, options.stemWidth];
  stemWidths.forEach((filters, i) => {
    const name = `stem_${i + 1}_`;
    // kecam conv2d_no_bias(padding="same") pads 1 on every side (PyTorch style), then 'valid'.
    x = ap(tfl.layers.zeroPadding2d({ padding: 1, name: `${name}pad` }), x);
    x = ap(tfl.layers.conv2d({ filters, kernelSize: 3, strides: 2, padding: 'valid', useBias: false, name: `${name}conv` }), x);
    x = ap(bn(`${name}bn`), x);
    if (i < 3) x = ap(hswish(`${name}hard_swish`), x);
  });

  /** Attention over `kv` tokens for queries `q` (same tensor except when downsampling). */
  const attention = (q: SymbolicTensor, qSegments: number[], kv: SymbolicTensor, kvSegments: number[], kvOffset: number, heads: number, keyDim: number, outDim: number, residual: boolean, name: string) => {
    const [qh, qw] = shapeOf(q) as [number, number];
    const split = (src: SymbolicTensor, segments: number[], index: number, label: string) =>
      ap(new SplitHeads({ numHeads: heads, segments, index, layout: 'heads', name: `${name}${label}` }), src);
    const query = split(q, qSegments, 0, 'query');
    const key = split(kv, kvSegments, kvOffset, 'key');
    const value = split(kv, kvSegments, kvOffset + 1, 'value');
    let scores = new AttentionScores({ scale: 1 / Math.sqrt(keyDim), name: `${name}scores` }).apply([query, key]) as SymbolicTensor;
    scores = ap(new MultiHeadPositionalEmbedding({ queryHeight: qh, name: `${name}attn_pos` }), scores);
    scores = ap(tfl.layers.softmax({ axis: -1, name: `${name}attention_scores` }), scores);
    let out = new MergeHeads({ outputSpatial: [qh, qw], name: `${name}merge` }).apply([scores, value]) as SymbolicTensor;
    out = ap(hswish(`${name}hard_swish`), out);
    out = ap(dense(outDim, `${name}out`), out);
    return ap(bn(`${name}out_bn`, residual), out);
  };

  const mlp = (inp: SymbolicTensor, ratio: number, name: string): SymbolicTensor => {
    const c = shapeOf(inp)[2] as number;
    let y = ap(hswish(`${name}1_hard_swish`), ap(bn(`${name}1_bn`), ap(dense(c * ratio, `${name}1_dense`), inp)));
    y = ap(bn(`${name}2_bn`), ap(dense(c, `${name}2_dense`), y));
    return tfl.layers.add({ name: `${name}add` }).apply([inp, y]) as SymbolicTensor;
  };

  for (let s = 0; s < stages; s += 1) {
    const stack = `stack${s + 1}_`;
    const heads = options.numHeads[s] as number;
    const keyDim = options.keyDims[s] as number;
    const ratio = options.attnRatios[s] as number;
    const mlpRatio = options.mlpRatios[s] as number;
    const embed = shapeOf(x)[2] as number;
    for (let b = 0; b < (options.depths[s] as number); b += 1) {
      const name = `${stack}block${b + 1}_`;
      const inner = heads * keyDim * (2 + ratio);
      const qkv = ap(bn(`${name}qkv_bn`), ap(dense(inner, `${name}qkv`), x));
      const segments = [keyDim, keyDim, keyDim * ratio];
      const att = attention(qkv, segments, qkv, segments, 1, heads, keyDim, embed, true, name);
      x = tfl.layers.add({ name: `${name}add` }).apply([x, att]) as SymbolicTensor;
      if (mlpRatio > 0) x = mlp(x, mlpRatio, `${name}mlp_`);
    }
    const out = options.widths[s] as number;
    if (out !== embed) {
      const name = `${stack}downsample_`;
      const stride = options.strides[s] as number;
      if (stride < 1) throw new Error(`Error in ${fn}: strides[${s}] must be ≥ 1 where the width changes (${embed} → ${out}), got ${stride}.`);
      if (embed % keyDim !== 0) throw new Error(`Error in ${fn}: width ${embed} must be a multiple of keyDims[${s}] ${keyDim}.`);
      const dsHeads = embed / keyDim;
      const dsRatio = ratio * stride;
      let q = stride > 1 ? ap(new SpatialSubsample({ strides: stride, name: `${name}subsample` }), x) : x;
      q = ap(bn(`${name}q_bn`), ap(dense(dsHeads * keyDim, `${name}q`), q));
      const kv = ap(bn(`${name}kv_bn`), ap(dense(dsHeads * keyDim * (1 + dsRatio), `${name}kv`), x));
      x = attention(q, [keyDim], kv, [keyDim, keyDim * dsRatio], 0, dsHeads, keyDim, out, false, name);
      if (mlpRatio > 0) x = mlp(x, mlpRatio, `${name}mlp_`);
    }
    x = ap(tfl.layers.activation({ activation: 'linear', name: `${stack}output` }), x);
  }
  x = ap(tfl.layers.globalAveragePooling2d({ name: 'avg_pool' }), x);
  x = ap(bn('head_bn'), x);
  x = ap(tfl.layers.dense({ units: options.numClasses, name: 'head' }), x);
  return tfl.model({ inputs: input, outputs: x, name: options.name ?? 'levit' });
}

/** LeViT-128 without its distillation head, named `levit128` as kecam does. */
export function buildLeViT128(options: ModelBuildOptions): tfl.LayersModel {
  return buildLeViT({ ...LEVIT_128_CONFIG, ...options, name: options.name ?? 'levit128' });
}

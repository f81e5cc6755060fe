/**
 * MaxViT (Tu et al. 2022) as keras_cv_attention_models (kecam) builds it, so the harmonized
 * MaxViT-Tiny weights (`maxvit_tiny_harmonized.h5`, from kecam
 * `MaxViT_Tiny(classifier_activation=None, pretrained=None)` + `save_weights`) load by layer name.
 *
 * Per block `stack_{s}_block_{b}/` (kecam's names, '/' included):
 * - `mbconv/`: `shortcut_pool` (AvgPool 2×2/2, first block) and `shortcut_conv` (1×1, bias, when
 *   the width changes), `preact_bn`, `expand_conv` (1×1, 4C, no bias), `expand_bn`, `MB_dw_conv`
 *   (depthwise 3×3, stride, no bias), `MB_dw_bn`, `se/1_conv`, `se/2_conv` (squeeze-excite, bias,
 *   swish then sigmoid), `MB_pw_conv` (1×1, bias).
 * - `block_` (window attention) and `grid_` (grid attention): `attn_preact_ln`,
 *   `window_mhsa/qkv_conv` (1×1, 3C, bias), `window_mhsa/pos_emb`
 *   ({@link MultiHeadRelativePositionalEmbedding}, `positional_embedding` [heads, (2w−1)²]),
 *   `window_mhsa/output` (Dense C, bias), `ffn_preact_ln`, `ffn/1_dense` (4C), `ffn/2_dense`.
 * Stem `stem_1_conv` (3×3/2, bias), `stem_1_bn`, `stem_2_conv` (3×3, bias); head `post_ln`,
 * `features` (Dense C, tanh), `predictions` (logits).
 * BatchNorm epsilon 1e-3 (kecam's TF mode), LayerNorm epsilon 1e-5, GELU tanh form ('gelu/app'),
 * TF 'same' padding, head size 32, window = ⌈input / 32⌉ (7 at 224), q·kᵀ scaled by 1/√32 then
 * the relative bias. qkv is split as [q | k | v] along channels, then into heads.
 *
 * Checked against kecam source (maxvit.py, coatnet.py `mhsa_with_multi_head_relative_position_
 * embedding`, davit.py window partitions, beit.py `MultiHeadRelativePositionalEmbedding`, in a
 * late-2022 TF-only copy and the later multi-backend version; the names agree). NOT verified: the
 * exact kecam version of Feb 2023, and the file itself. No layer scale (kecam default -1). The SE
 * squeeze uses GlobalAveragePooling2D + Reshape where kecam uses a `reduce_mean` op.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import type { SymbolicTensor } from '@tensorflow/tfjs-layers';
import { AttentionScores } from '../layers/attention-scores';
import { GeluTanh } from '../layers/gelu-tanh';
import { MergeHeads } from '../layers/merge-heads';
import { MultiHeadRelativePositionalEmbedding } from '../layers/multi-head-relative-positional-embedding';
import { registerZooLayers } from '../layers/register-layers';
import { SplitHeads } from '../layers/split-heads';
import { WindowPartition, WindowReverse } from '../layers/window-partition';
import { checkBuildOptions } from './check-build-options';
import type { ModelBuildOptions } from './model-options';
import { batchNormalization } from '../layers/batch-normalization';

/** Size of a MaxViT (kecam `MaxViT` arguments). */
export interface MaxViTConfig {
  /** Blocks per stage (kecam `num_blocks`), e.g. [2, 2, 5, 2]. */
  depths: number[];
  /** Channels per stage (kecam `out_channels`), e.g. [64, 128, 256, 512]. */
  widths: number[];
  stemWidth: number;
  /** MBConv expansion and FFN ratio (kecam 4). */
  expansion?: number;
  /** Squeeze-excite ratio of the block width (kecam 0.25). */
  seRatio?: number;
  /** Channels per attention head (kecam 32). */
  headDim?: number;
  /** Window size = ⌈input size / windowRatio⌉ (kecam 32). */
  windowRatio?: number;
}

export const MAXVIT_TINY_CONFIG: Readonly<MaxViTConfig> = { depths: [2, 2, 5, 2], widths: [64, 128, 256, 512], stemWidth: 64 };

const ap = (layer: tfl.layers.Layer, x: SymbolicTensor): SymbolicTensor => layer.apply(x) as SymbolicTensor;
const shapeOf = (x: SymbolicTensor): number[] => x.shape.slice(1) as number[];

/** kecam `make_divisible`. */
function makeDivisible(v: number, divisor = 8, limitRoundDown = 0.9): number {
  let next = Math.max(divisor, Math.floor((v + divisor / 2) / divisor) * divisor);
  if (next < limitRoundDown * v) next += divisor;
  return next;
}

/** Any MaxViT size with kecam layer names. Input NHWC, output logits `[batch, numClasses]`. */
export function buildMaxViT(options: ModelBuildOptions & MaxViTConfig): tfl.LayersModel {
  const fn = 'buildMaxViT';
  checkBuildOptions(options, fn);
  const { depths, widths, stemWidth } = options;
  const expansion = options.expansion ?? 4;
  const seRatio = options.seRatio ?? 0.25;
  const headDim = options.headDim ?? 32;
  const windowRatio = options.windowRatio ?? 32;
  if (!Array.isArray(depths) || !Array.isArray(widths) || depths.length === 0 || depths.length !== widths.length) {
    throw new Error(`Error in ${fn}: depths and widths must be non-empty arrays of the same length, got ${JSON.stringify(depths)} and ${JSON.stringify(widths)}.`);
  }
  const ints: Array<[string, number]> = [
    ['stemWidth', stemWidth],
    ['expansion', expansion],
    ['headDim', headDim],
    ['windowRatio', windowRatio],
    ...depths.map((d, i): [string, number] => [`depths[${i}]`, d]),
    ...widths.map((d, i): [string, number] => [`widths[${i}]`, d]),
  ];
  for (const [key, v] of ints) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`Error in ${fn}: ${key} must be a positive integer, got ${v}.`);
  }
  const badWidth = widths.find((w) => w % headDim !== 0);
  if (badWidth !== undefined) {
    throw new Error(`Error in ${fn}: every width must be a multiple of headDim ${headDim}, got ${badWidth}.`);
  }
  const [height, width] = options.inputShape;
  const minSize = 2 ** (depths.length + 1);
  if (height < minSize || width < minSize) {
    throw new Error(`Error in ${fn}: inputShape height and width must be at least ${minSize}, got ${JSON.stringify(options.inputShape)}.`);
  }
  registerZooLayers();
  const window = [Math.ceil(height / windowRatio), Math.ceil(width / windowRatio)] as const;
  const bn = (name: string) => batchNormalization({ epsilon: 1e-3, momentum: 0.99, name });
  const ln = (name: string) => tfl.layers.layerNormalization({ epsilon: 1e-5, name });
  const gelu = (name: string) => new GeluTanh({ name });
  const conv = (filters: number, kernelSize: number, name: string, strides = 1, useBias = true) =>
    tfl.layers.conv2d({ filters, kernelSize, strides, padding: 'same', useBias, name });

  const input = tfl.input({ shape: options.inputShape, name: 'input_1' });
  let x = ap(conv(stemWidth, 3, 'stem_1_conv', 2), input);
  x = ap(gelu('stem_1_gelu'), ap(bn('stem_1_bn'), x));
  x = ap(conv(stemWidth, 3, 'stem_2_conv'), x);

  const mbconv = (inp: SymbolicTensor, out: number, convShortcut: boolean, stride: number, name: string): SymbolicTensor => {
    let shortcut = inp;
    if (stride > 1) {
      const [h, w] = shapeOf(inp) as [number, number];
      // 'same' and 'valid' agree on even sizes; 'valid' avoids tfjs' SAME-padding AvgPool gradient.
      const padding = h % stride === 0 && w % stride === 0 ? 'valid' : 'same';
      shortcut = ap(tfl.layers.averagePooling2d({ poolSize: stride, strides: stride, padding, name: `${name}shortcut_pool` }), inp);
      if (convShortcut) shortcut = ap(conv(out, 1, `${name}shortcut_conv`), shortcut);
    }
    const hidden = out * expansion;
    let y = ap(bn(`${name}preact_bn`), inp);
    y = ap(conv(hidden, 1, `${name}expand_conv`, 1, false), y);
    y = ap(gelu(`${name}expand_gelu`), ap(bn(`${name}expand_bn`), y));
    y = ap(tfl.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: 'same', useBias: false, name: `${name}MB_dw_conv` }), y);
    y = ap(gelu(`${name}MB_dw_gelu`), ap(bn(`${name}MB_dw_bn`), y));
    if (seRatio > 0) {
      const reduction = makeDivisible(hidden * (seRatio / expansion));
      let se = ap(tfl.layers.globalAveragePooling2d({ name: `${name}se/pool` }), y);
      se = ap(tfl.layers.reshape({ targetShape: [1, 1, hidden], name: `${name}se/reshape` }), se);
      se = ap(tfl.layers.activation({ activation: 'swish', name: `${name}se/swish` }), ap(conv(reduction, 1, `${name}se/1_conv`), se));
      se = ap(tfl.layers.activation({ activation: 'sigmoid', name: `${name}se/sigmoid` }), ap(conv(hidden, 1, `${name}se/2_conv`), se));
      y = tfl.layers.multiply({ name: `${name}se/out` }).apply([y, se]) as SymbolicTensor;
    }
    y = ap(conv(out, 1, `${name}MB_pw_conv`), y);
    return tfl.layers.add({ name: `${name}output` }).apply([shortcut, y]) as SymbolicTensor;
  };

  const attnFfn = (inp: SymbolicTensor, grid: boolean, name: string): SymbolicTensor => {
    const [h, w, c] = shapeOf(inp) as [number, number, number];
    const heads = c / headDim;
    const wh = Math.min(window[0], h);
    const ww = Math.min(window[1], w);
    const mh = `${name}window_mhsa/`;
    let a = ap(ln(`${name}attn_preact_ln`), inp);
    a = ap(new WindowPartition({ windowHeight: wh, windowWidth: ww, grid, name: `${mh}partition` }), a);
    const qkv = ap(conv(3 * c, 1, `${mh}qkv_conv`), a);
    const part = (index: number, label: string) =>
      ap(new SplitHeads({ numHeads: heads, segments: [headDim, headDim, headDim], index, layout: 'channels', name: `${mh}${label}` }), qkv);
    let scores = new AttentionScores({ scale: 1 / Math.sqrt(headDim), name: `${mh}scores` }).apply([part(0, 'query'), part(1, 'key')]) as SymbolicTensor;
    scores = ap(new MultiHeadRelativePositionalEmbedding({ withClsToken: false, attnHeight: wh, name: `${mh}pos_emb` }), scores);
    scores = ap(tfl.layers.softmax({ axis: -1, name: `${mh}attention_scores` }), scores);
    a = new MergeHeads({ outputSpatial: [wh, ww], name: `${mh}merge` }).apply([scores, part(2, 'value')]) as SymbolicTensor;
    a = ap(tfl.layers.dense({ units: c, name: `${mh}output` }), a);
    a = ap(new WindowReverse({ windowHeight: wh, windowWidth: ww, grid, height: h, width: w, name: `${mh}reverse` }), a);
    const attnOut = tfl.layers.add({ name: `${name}attn_output` }).apply([inp, a]) as SymbolicTensor;
    let f = ap(ln(`${name}ffn_preact_ln`), attnOut);
    f = ap(tfl.layers.dense({ units: c * expansion, name: `${name}ffn/1_dense` }), f);
    f = ap(gelu(`${name}gelu`), f);
    f = ap(tfl.layers.dense({ units: c, name: `${name}ffn/2_dense` }), f);
    return tfl.layers.add({ name: `${name}ffn_output` }).apply([attnOut, f]) as SymbolicTensor;
  };

  depths.forEach((depth, s) => {
    const out = widths[s] as number;
    for (let b = 0; b < depth; b += 1) {
      const name = `stack_${s + 1}_block_${b + 1}/`;
      const stride = b === 0 ? 2 : 1;
      const convShortcut = b === 0 && (shapeOf(x)[2] as number) !== out;
      x = mbconv(x, out, convShortcut, stride, `${name}mbconv/`);
      x = attnFfn(x, false, `${name}block_`);
      x = attnFfn(x, true, `${name}grid_`);
    }
  });
  x = ap(tfl.layers.globalAveragePooling2d({ name: 'avg_pool' }), x);
  x = ap(ln('post_ln'), x);
  x = ap(tfl.layers.dense({ units: widths[widths.length - 1] as number, name: 'features' }), x);
  x = ap(tfl.layers.activation({ activation: 'tanh', name: 'features_tanh' }), x);
  x = ap(tfl.layers.dense({ units: options.numClasses, name: 'predictions' }), x);
  return tfl.model({ inputs: input, outputs: x, name: options.name ?? 'maxvit' });
}

/** MaxViT-Tiny (about 31 M parameters with 1000 classes), named `maxvit_tiny` as kecam does. */
export function buildMaxViTTiny(options: ModelBuildOptions): tfl.LayersModel {
  return buildMaxViT({ ...MAXVIT_TINY_CONFIG, ...options, name: options.name ?? 'maxvit_tiny' });
}

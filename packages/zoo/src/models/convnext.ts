/**
 * ConvNeXt (Liu et al. 2022) as keras_cv_attention_models (kecam) builds it, so the harmonized
 * ConvNeXt-Tiny weights (`convnext_tiny_harmonized.h5`, from kecam
 * `ConvNeXtTiny(classifier_activation=None, pretrained=None)` + `save_weights`) load by layer name.
 *
 * Layers holding weights: `stem_conv` (4×4/4, bias), `stem_ln`; per stage n ≥ 2
 * `stack{n}_downsample_ln`, `stack{n}_downsample_conv` (2×2/2, bias); per block m
 * `stack{n}_block{m}_dw_conv` (depthwise 7×7, bias), `_ln`, `_up_dense` (4C), `_down_dense` (C),
 * `_gamma` (ChannelAffine layer scale, `weight` [C], init 1e-6, no bias); head `head_ln`,
 * `predictions` (logits). Layer norms use epsilon 1e-6; the activation is erf GELU (Keras 'gelu').
 *
 * Checked against kecam source (convnext.py and common_layers.py, both the TF-only and the later
 * multi-backend versions; the names agree). NOT verified: the kecam version the file was written
 * with (Feb 2023) and the file itself. kecam pads the 7×7 depthwise conv with a weightless
 * ZeroPadding2D layer (`..._pad`); here the conv uses 'same' padding, the same computation.
 * Stochastic depth (kecam `drop_connect_rate` 0.1, a training-only Dropout) is not built.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import type { SymbolicTensor } from '@tensorflow/tfjs-layers';
import { ChannelAffine } from '../layers/channel-affine';
import { registerZooLayers } from '../layers/register-layers';
import { checkBuildOptions } from './check-build-options';
import type { ModelBuildOptions } from './model-options';

/** Size of a ConvNeXt (kecam `ConvNeXt` arguments). */
export interface ConvNeXtConfig {
  /** Blocks per stage (kecam `num_blocks`), e.g. [3, 3, 9, 3]. */
  depths: number[];
  /** Channels per stage (kecam `out_channels`), e.g. [96, 192, 384, 768]. */
  widths: number[];
  /** Initial layer scale (kecam `layer_scale_init_value`); 0 leaves out the `_gamma` layers. */
  layerScaleInit?: number;
  /** Layer norm epsilon (kecam 1e-6). */
  layerNormEpsilon?: number;
}

export const CONVNEXT_TINY_CONFIG: Readonly<ConvNeXtConfig> = { depths: [3, 3, 9, 3], widths: [96, 192, 384, 768] };

const ap = (layer: tfl.layers.Layer, x: SymbolicTensor): SymbolicTensor => layer.apply(x) as SymbolicTensor;

/** Any ConvNeXt size with kecam layer names. Input NHWC, output logits `[batch, numClasses]`. */
export function buildConvNeXt(options: ModelBuildOptions & ConvNeXtConfig): tfl.LayersModel {
  const fn = 'buildConvNeXt';
  checkBuildOptions(options, fn);
  const { depths, widths } = options;
  if (!Array.isArray(depths) || !Array.isArray(widths) || depths.length === 0 || depths.length !== widths.length) {
    throw new Error(`Error in ${fn}: depths and widths must be non-empty arrays of the same length, got ${JSON.stringify(depths)} and ${JSON.stringify(widths)}.`);
  }
  if ([...depths, ...widths].some((v) => !Number.isInteger(v) || v < 1)) {
    throw new Error(`Error in ${fn}: depths and widths must be positive integers, got ${JSON.stringify(depths)} and ${JSON.stringify(widths)}.`);
  }
  const minSize = 4 * 2 ** (depths.length - 1);
  if (options.inputShape[0] < minSize || options.inputShape[1] < minSize) {
    throw new Error(`Error in ${fn}: inputShape height and width must be at least ${minSize}, got ${JSON.stringify(options.inputShape)}.`);
  }
  const eps = options.layerNormEpsilon ?? 1e-6;
  const layerScale = options.layerScaleInit ?? 1e-6;
  registerZooLayers();
  const ln = (name: string) => tfl.layers.layerNormalization({ epsilon: eps, name });

  const input = tfl.input({ shape: options.inputShape, name: 'input_1' });
  let x = ap(tfl.layers.conv2d({ filters: widths[0] as number, kernelSize: 4, strides: 4, padding: 'valid', name: 'stem_conv' }), input);
  x = ap(ln('stem_ln'), x);
  depths.forEach((depth, s) => {
    const width = widths[s] as number;
    const stack = `stack${s + 1}_`;
    if (s > 0) {
      x = ap(ln(`${stack}downsample_ln`), x);
      x = ap(tfl.layers.conv2d({ filters: width, kernelSize: 2, strides: 2, padding: 'valid', name: `${stack}downsample_conv` }), x);
    }
    for (let b = 0; b < depth; b += 1) {
      const name = `${stack}block${b + 1}_`;
      let y = ap(tfl.layers.depthwiseConv2d({ kernelSize: 7, padding: 'same', useBias: true, name: `${name}dw_conv` }), x);
      y = ap(ln(`${name}ln`), y);
      y = ap(tfl.layers.dense({ units: 4 * width, name: `${name}up_dense` }), y);
      y = ap(tfl.layers.activation({ activation: 'gelu', name: `${name}gelu` }), y);
      y = ap(tfl.layers.dense({ units: width, name: `${name}down_dense` }), y);
      if (layerScale > 0) y = ap(new ChannelAffine({ useBias: false, weightInitValue: layerScale, name: `${name}gamma` }), y);
      x = tfl.layers.add({ name: `${name}output` }).apply([x, y]) as SymbolicTensor;
    }
  });
  x = ap(tfl.layers.globalAveragePooling2d({ name: 'avg_pool' }), x);
  x = ap(ln('head_ln'), x);
  x = ap(tfl.layers.dense({ units: options.numClasses, name: 'predictions' }), x);
  return tfl.model({ inputs: input, outputs: x, name: options.name ?? 'convnext' });
}

/** ConvNeXt-Tiny (28.6 M parameters with 1000 classes), named `convnext_tiny` as kecam does. */
export function buildConvNeXtTiny(options: ModelBuildOptions): tfl.LayersModel {
  return buildConvNeXt({ ...CONVNEXT_TINY_CONFIG, ...options, name: options.name ?? 'convnext_tiny' });
}

/**
 * ViT (Dosovitskiy et al. 2021) as vit_keras builds it, so the harmonized ViT-B/16 weights file
 * (`vit-b16_harmonized.h5`, written by `vit_keras.vit.vit_b16(image_size=224, activation='linear',
 * include_top=True, pretrained=False, pretrained_top=False)` then `save_weights`) loads by layer name.
 *
 * Layers holding weights, in order: `embedding` (Conv2D patchSize×patchSize, stride patchSize),
 * `class_token` (`cls` [1, 1, D]), `Transformer/posembed_input` (`pos_embedding` [1, 1 + N, D]),
 * `Transformer/encoderblock_<i>` (see {@link TransformerBlock} for its 16 weights),
 * `Transformer/encoder_norm` (LayerNormalization, eps 1e-6), `head` (Dense, linear).
 * Weightless: the input, a Reshape to tokens, `ExtractToken` (a Lambda `v[:, 0]` in vit_keras).
 *
 * Checked against vit_keras source (vit.py, layers.py, utils.py, several versions): names, kernel
 * shapes (query/key/value/out are Dense(hidden) with [D, D] kernels), the order of weights inside a
 * block, epsilon 1e-6, dropout 0.1, pos_embedding init N(0, 0.06). The MLP's GELU changed across
 * vit_keras versions: early ones used `tfa.activations.gelu` (tanh form by default), later ones
 * (which also prefix the MLP Dense names with the block name) the exact erf form; the default here
 * is the later one, `approximateGelu: true` gives the early one. NOT verified: which vit_keras
 * version wrote the released file, and the file itself (not downloadable here).
 * No `pre_logits` layer: vit_keras adds one only for the `imagenet21k` weights, not used here.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import type { SymbolicTensor } from '@tensorflow/tfjs-layers';
import { AddPositionEmbs } from '../layers/add-position-embs';
import { ClassToken } from '../layers/class-token';
import { ExtractToken } from '../layers/extract-token';
import { registerZooLayers } from '../layers/register-layers';
import { TransformerBlock } from '../layers/transformer-block';
import type { ModelBuildOptions } from './model-options';
import { checkBuildOptions } from './check-build-options';

/** Size of a ViT (vit_keras `build_model` arguments). */
export interface ViTConfig {
  patchSize: number;
  /** Token width D (vit_keras `hidden_size`). */
  hiddenSize: number;
  /** Transformer blocks (vit_keras `num_layers`). */
  depth: number;
  numHeads: number;
  mlpDim: number;
  /** Dropout inside the blocks when training (vit_keras: 0.1). */
  dropout?: number;
  /** tanh-form GELU of early vit_keras instead of the exact erf form (default false). */
  approximateGelu?: boolean;
}

/** vit_keras CONFIG_B with patch 16. */
export const VIT_B16_CONFIG: Readonly<ViTConfig> = { patchSize: 16, hiddenSize: 768, depth: 12, numHeads: 12, mlpDim: 3072, dropout: 0.1 };

/** Any ViT size, with vit_keras layer names. Input NHWC, output logits `[batch, numClasses]`. */
export function buildViT(options: ModelBuildOptions & ViTConfig): tfl.LayersModel {
  const fn = 'buildViT';
  checkBuildOptions(options, fn);
  const { inputShape, numClasses, patchSize, hiddenSize, depth, numHeads, mlpDim } = options;
  for (const [key, value] of Object.entries({ patchSize, hiddenSize, depth, numHeads, mlpDim })) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`Error in ${fn}: ${key} must be a positive integer, got ${value}.`);
  }
  const [h, w] = inputShape;
  if (h % patchSize !== 0 || w % patchSize !== 0) {
    throw new Error(`Error in ${fn}: inputShape height and width must be multiples of patchSize ${patchSize}, got ${JSON.stringify(inputShape)}.`);
  }
  if (hiddenSize % numHeads !== 0) {
    throw new Error(`Error in ${fn}: hiddenSize ${hiddenSize} must be divisible by numHeads ${numHeads}.`);
  }
  registerZooLayers();
  const input = tfl.input({ shape: inputShape, name: 'input_1' });
  let y = tfl.layers
    .conv2d({ filters: hiddenSize, kernelSize: patchSize, strides: patchSize, padding: 'valid', name: 'embedding' })
    .apply(input) as SymbolicTensor;
  const tokens = (h / patchSize) * (w / patchSize);
  y = tfl.layers.reshape({ targetShape: [tokens, hiddenSize], name: 'reshape' }).apply(y) as SymbolicTensor;
  y = new ClassToken({ name: 'class_token' }).apply(y) as SymbolicTensor;
  y = new AddPositionEmbs({ name: 'Transformer/posembed_input' }).apply(y) as SymbolicTensor;
  for (let i = 0; i < depth; i += 1) {
    y = new TransformerBlock({
      numHeads,
      mlpDim,
      dropout: options.dropout ?? 0.1,
      approximateGelu: options.approximateGelu ?? false,
      name: `Transformer/encoderblock_${i}`,
    }).apply(y) as SymbolicTensor;
  }
  y = tfl.layers.layerNormalization({ epsilon: 1e-6, name: 'Transformer/encoder_norm' }).apply(y) as SymbolicTensor;
  y = new ExtractToken({ name: 'ExtractToken' }).apply(y) as SymbolicTensor;
  y = tfl.layers.dense({ units: numClasses, activation: 'linear', name: 'head' }).apply(y) as SymbolicTensor;
  return tfl.model({ inputs: input, outputs: y, name: options.name ?? 'vit' });
}

/** ViT-B/16 (86.6 M parameters at 224×224 with 1000 classes), named `vit-b16` as vit_keras does. */
export function buildViTB16(options: ModelBuildOptions): tfl.LayersModel {
  return buildViT({ ...VIT_B16_CONFIG, ...options, name: options.name ?? 'vit-b16' });
}

// VGG family with the Keras-applications layer names (block1_conv1 … fc2, predictions), so a
// Keras VGG16 .h5 loads by name. The heads output logits (no softmax) for harmonized training.
import * as tfl from '@tensorflow/tfjs-layers';
import type { ModelBuildOptions } from './model-options';
import { checkCnnOptions } from './check-cnn-options';

interface VggSpec {
  /** Filters of each block; each block is `convsPerBlock[i]` 3×3 convolutions then a 2×2 max-pool. */
  filters: number[];
  convsPerBlock: number[];
  /** Widths of the fully connected layers before the classifier (Keras: fc1, fc2). */
  dense: number[];
}

function buildVgg(spec: VggSpec, options: ModelBuildOptions, fn: string, defaultName: string): tfl.LayersModel {
  checkCnnOptions(options, fn, 2 ** spec.filters.length);
  const input = tfl.input({ shape: options.inputShape, name: 'input_1' });
  let x: tfl.SymbolicTensor = input;
  spec.filters.forEach((filters, b) => {
    const convs = spec.convsPerBlock[b] ?? 0;
    for (let c = 1; c <= convs; c++) {
      x = tfl.layers
        .conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', name: `block${b + 1}_conv${c}` })
        .apply(x) as tfl.SymbolicTensor;
    }
    x = tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `block${b + 1}_pool` }).apply(x) as tfl.SymbolicTensor;
  });
  x = tfl.layers.flatten({ name: 'flatten' }).apply(x) as tfl.SymbolicTensor;
  spec.dense.forEach((units, i) => {
    x = tfl.layers.dense({ units, activation: 'relu', name: `fc${i + 1}` }).apply(x) as tfl.SymbolicTensor;
  });
  const logits = tfl.layers.dense({ units: options.numClasses, name: 'predictions' }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits, name: options.name ?? defaultName });
}

/**
 * VGG16 (Simonyan & Zisserman 2015), Keras-applications layout: 13 convolutions in 5 blocks,
 * fc1/fc2 of 4096, `predictions` logits. 138,357,544 parameters at 224×224×3 with 1000 classes.
 * Input [batch, h, w, 3] with h, w ≥ 32 (five 2×2 pools).
 */
export function buildVGG16(options: ModelBuildOptions): tfl.LayersModel {
  return buildVgg(
    { filters: [64, 128, 256, 512, 512], convsPerBlock: [2, 2, 3, 3, 3], dense: [4096, 4096] },
    options,
    'buildVGG16',
    'vgg16',
  );
}

/**
 * The CPU-sized demo model: conv3×3 16 → ReLU → max-pool 2, conv3×3 32 → ReLU → max-pool 2,
 * conv3×3 64 → ReLU → max-pool 2 (padding same), flatten, dense → logits.
 * 29,734 parameters at the default 32×32×3 input with 6 classes.
 */
export function buildTinyVGG(options: ModelBuildOptions): tfl.LayersModel {
  return buildVgg({ filters: [16, 32, 64], convsPerBlock: [1, 1, 1], dense: [] }, options, 'buildTinyVGG', 'tiny_vgg');
}

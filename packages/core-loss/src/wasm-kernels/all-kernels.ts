// Every wasm kernel this package registers, one config per file.
import type * as tf from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterWasmConfig } from './conv2d-backprop-filter';
import { depthwiseBackpropFilterWasmConfig } from './depthwise-conv2d-native-backprop-filter';
import { depthwiseBackpropInputWasmConfig } from './depthwise-conv2d-native-backprop-input';
import { maxPoolGradWasmConfig } from './max-pool-grad';

/** Kernels for the wasm backend: three it lacks, one (MaxPoolGrad) it gets wrong. */
export const HARMONIZATION_WASM_KERNEL_CONFIGS: readonly tf.KernelConfig[] = [
  conv2dBackpropFilterWasmConfig,
  depthwiseBackpropInputWasmConfig,
  depthwiseBackpropFilterWasmConfig,
  maxPoolGradWasmConfig,
];

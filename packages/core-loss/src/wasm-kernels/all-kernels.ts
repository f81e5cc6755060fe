// Every backend kernel this package registers, one kernel body per file.
import type * as tf from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterWasmConfig } from './conv2d-backprop-filter';
import { depthwiseBackpropFilterWasmConfig } from './depthwise-conv2d-native-backprop-filter';
import { depthwiseBackpropInputWasmConfig } from './depthwise-conv2d-native-backprop-input';
import { maxPoolGradWasmConfig } from './max-pool-grad';

const WASM: readonly tf.KernelConfig[] = [
  conv2dBackpropFilterWasmConfig,
  depthwiseBackpropInputWasmConfig,
  depthwiseBackpropFilterWasmConfig,
  maxPoolGradWasmConfig,
];

/**
 * For wasm: three kernels it lacks and one (MaxPoolGrad) it gets wrong. For cpu: the same
 * bodies replace kernels that are correct but extremely slow there (measured at batch 8,
 * 64×64, 32→64 channels: its Conv2DBackpropFilter takes minutes, ours seconds).
 */
export const HARMONIZATION_KERNEL_CONFIGS: readonly tf.KernelConfig[] = [
  ...WASM,
  ...WASM.map((c) => ({ ...c, backendName: 'cpu' })),
];

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

// On cpu the same bodies replace kernels that are correct but far slower there (batch 8,
// 64×64, tools/bench/wasm-kernels.mjs: Conv2DBackpropFilter ~250 s → ~3 s,
// DepthwiseConv2dNativeBackpropFilter ~3 s → ~0.3 s, MaxPoolGrad ~1 s → ~0.05 s). Not the
// depthwise input backprop: cpu's own is faster than ours built on cpu's depthwise conv.
const CPU: readonly tf.KernelConfig[] = [conv2dBackpropFilterWasmConfig, depthwiseBackpropFilterWasmConfig, maxPoolGradWasmConfig].map(
  (c) => ({ ...c, backendName: 'cpu' }),
);

/** For wasm: three kernels it lacks and one (MaxPoolGrad) it gets wrong; for cpu: three faster ones. */
export const HARMONIZATION_KERNEL_CONFIGS: readonly tf.KernelConfig[] = [...WASM, ...CPU];

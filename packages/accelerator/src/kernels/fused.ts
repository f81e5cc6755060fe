// FusedConv2D, FusedDepthwiseConv2D and _FusedMatMul: the native product, then bias and
// activation through the cpu backend's registered kernels (what the stock fused kernels do).
import { getKernel } from '@tensorflow/tfjs-core';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { CpuBackendLike } from '../cpu-tensors';
import { nativeBatchMatMul } from './batch-mat-mul';
import { nativeConv2d } from './conv2d';
import { nativeDepthwiseConv2d } from './depthwise-conv2d';
import type { AcceleratedKernel, KernelArgs } from './native-kernel';
import type { NativeAddon } from '../load-native';

const ACTIVATION_KERNELS: Record<string, string> = {
  relu: 'Relu',
  relu6: 'Relu6',
  elu: 'Elu',
  sigmoid: 'Sigmoid',
  leakyrelu: 'LeakyRelu',
  prelu: 'Prelu',
};

function run(name: string, inputs: Record<string, TensorInfo>, backend: CpuBackendLike, attrs: NamedAttrMap = {}): TensorInfo {
  const kernel = getKernel(name, 'cpu');
  if (!kernel) throw new Error(`Error in accelerator: kernel ${name} must be registered for cpu, got none.`);
  return kernel.kernelFunc({ inputs, backend: backend as never, attrs }) as TensorInfo;
}

function biasAndActivation(product: TensorInfo, args: KernelArgs): TensorInfo {
  const { bias, preluActivationWeights } = args.inputs as { bias?: TensorInfo; preluActivationWeights?: TensorInfo };
  const { activation, leakyreluAlpha } = args.attrs as { activation?: string; leakyreluAlpha?: number };
  let current = product;
  if (bias) {
    const next = run('Add', { a: current, b: bias }, args.backend);
    args.backend.disposeIntermediateTensorInfo(current);
    current = next;
  }
  if (activation && activation !== 'linear') {
    const kernelName = ACTIVATION_KERNELS[activation]!;
    const next =
      activation === 'prelu'
        ? run(kernelName, { x: current, alpha: preluActivationWeights! }, args.backend)
        : run(kernelName, { x: current }, args.backend, activation === 'leakyrelu' ? { alpha: leakyreluAlpha ?? 0.2 } : {});
    args.backend.disposeIntermediateTensorInfo(current);
    current = next;
  }
  return current;
}

function fused(product: (args: KernelArgs, native: NativeAddon) => TensorInfo | null) {
  return (args: KernelArgs, native: NativeAddon): TensorInfo | null => {
    const { activation, dataFormat } = args.attrs as { activation?: string; dataFormat?: string };
    if (dataFormat === 'NCHW') return null;
    if (activation && activation !== 'linear' && !(activation in ACTIVATION_KERNELS)) return null;
    const out = product(args, native);
    return out && biasAndActivation(out, args);
  };
}

export const fusedConv2dKernel: AcceleratedKernel = { kernelName: 'FusedConv2D', body: fused(nativeConv2d) };
export const fusedDepthwiseConv2dKernel: AcceleratedKernel = {
  kernelName: 'FusedDepthwiseConv2D',
  body: fused(nativeDepthwiseConv2d),
};
export const fusedMatMulKernel: AcceleratedKernel = { kernelName: '_FusedMatMul', body: fused(nativeBatchMatMul) };

// Shared shape of every accelerated kernel: try the native path, else run the stock kernel.
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { CpuBackendLike } from '../cpu-tensors';
import type { NativeAddon } from '../load-native';
import { watchBackend } from '../output-pool';

export interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: CpuBackendLike;
  attrs: NamedAttrMap;
}

/** Returns the output (or outputs), or null when this call must take the stock path. */
export type NativeBody = (args: KernelArgs, native: NativeAddon, stock: KernelFunc) => TensorInfo | TensorInfo[] | null;

/** An accelerated kernel: its tfjs name and the native body that replaces the stock one. */
export interface AcceleratedKernel {
  kernelName: string;
  body: NativeBody;
  /**
   * For a kernel tfjs does not have (added, not replaced): the plain JS implementation that takes
   * what the native body declines. Such kernels are registered on enable and removed on disable.
   */
  reference?: KernelFunc;
}

/** Calls per kernel name since the process started: native ones and stock fallbacks. */
export const callCounts = { native: new Map<string, number>(), fallback: new Map<string, number>() };

function count(map: Map<string, number>, name: string): void {
  map.set(name, (map.get(name) ?? 0) + 1);
}

/** The kernel function registered on `cpu`: native when it can, stock otherwise. */
export function withFallback(kernel: AcceleratedKernel, native: NativeAddon, stock: KernelConfig): KernelFunc {
  const stockFunc = stock.kernelFunc;
  return (params) => {
    // Outputs come from the pool, which must see this backend's tensors come and go.
    watchBackend(params.backend);
    const args = { inputs: params.inputs, backend: params.backend as CpuBackendLike, attrs: params.attrs ?? {} };
    const out = kernel.body(args, native, stockFunc);
    if (out) {
      count(callCounts.native, kernel.kernelName);
      return out;
    }
    count(callCounts.fallback, kernel.kernelName);
    return stockFunc(params);
  };
}

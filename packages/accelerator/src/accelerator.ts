// Swaps the cpu backend's hot kernels for native ones (and back). The stock kernel configs are
// kept: every accelerated kernel falls back to them for inputs it does not take.
import '@tensorflow/tfjs-backend-cpu';
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { ACCELERATED_KERNELS } from './accelerated-kernels';
import { callCounts, withFallback } from './kernels/native-kernel';
import { loadNative } from './load-native';
import { configureOutputPool, outputPoolStats, type OutputPoolOptions } from './output-pool';

export interface AcceleratorStatus {
  /** True while the native kernels are registered on the cpu backend. */
  enabled: boolean;
  /** Why the accelerator is off (build missing, disabled, …); absent when enabled. */
  reason?: string;
  /** Threads the native kernels and the BLAS use (0 when off). */
  threads: number;
  /** Names of the kernels replaced on `cpu`, and of those added (the `Harmonization*` kernels). */
  kernels: string[];
  /** Library behind Conv2D and its backprops: oneDNN when the build found it, else OpenBLAS im2col + GEMM. */
  convolution?: 'onednn' | 'openblas';
  /** Calls per kernel that ran natively / fell back to the stock kernel, since start-up. */
  calls: { native: Record<string, number>; fallback: Record<string, number> };
  /** Reuse of kernel output memory: buffers reused / newly allocated / returned, bytes held now. */
  outputPool: ReturnType<typeof outputPoolStats>;
}

export interface AcceleratorOptions {
  /** Worker threads; default `HARMONIZATION_THREADS` or all cores. */
  threads?: number;
  /** Force the convolution library ('openblas' always exists; 'onednn' only if built with it). */
  convolution?: 'onednn' | 'openblas';
  /**
   * Reuse the memory of freed kernel outputs (default on, at most 1 GiB held; `false` or
   * `HARMONIZATION_OUTPUT_POOL=0` turns it off).
   */
  outputPool?: boolean | OutputPoolOptions;
}

const stockKernels = new Map<string, KernelConfig>();
/** Kernels tfjs does not have, registered by enable and removed by disable. */
const addedKernels = new Set<string>();
let lastReason: string | undefined = 'not enabled; call enableCpuAccelerator()';

/**
 * Marks the kernel functions the accelerator installed. @harmonization/core-loss, which registers
 * op-built cpu kernels of its own (Conv2DBackpropFilter, depthwise backprops, MaxPoolGrad) and
 * restores them before every loss, leaves a marked kernel in force.
 */
export const ACCELERATED_KERNEL = Symbol.for('@harmonization/accelerator.kernel');

function mark<F extends object>(fn: F): F {
  Object.defineProperty(fn, ACCELERATED_KERNEL, { value: true });
  return fn;
}

function defaultThreads(): number | undefined {
  const env = Number(process.env.HARMONIZATION_THREADS);
  return Number.isInteger(env) && env > 0 ? env : undefined;
}

function outputPoolOptions(option: AcceleratorOptions['outputPool']): OutputPoolOptions {
  if (option === false || (option === undefined && process.env.HARMONIZATION_OUTPUT_POOL === '0')) return { limitBytes: 0 };
  return option === true || option === undefined ? {} : option;
}

/**
 * Registers the native kernels on the tfjs `cpu` backend. Never throws for a missing build: the
 * status says why it stayed off, and the stock cpu (or wasm) path runs unchanged.
 */
export function enableCpuAccelerator(options: AcceleratorOptions = {}): AcceleratorStatus {
  const threads = options.threads ?? defaultThreads();
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
    throw new Error(`Error in enableCpuAccelerator: threads must be a positive integer, got ${threads}.`);
  }
  const load = loadNative();
  if (!load.addon) {
    lastReason = load.reason;
    return acceleratorStatus();
  }
  const native = load.addon;
  if (options.convolution !== undefined) {
    if (native.convolutionLibrary(options.convolution === 'onednn') !== options.convolution) {
      throw new Error(`Error in enableCpuAccelerator: convolution must be a library this build has, got ${options.convolution} (built without oneDNN).`);
    }
  }
  configureOutputPool(outputPoolOptions(options.outputPool));
  if (threads !== undefined) native.setThreads(threads);
  else native.setThreads(native.getThreads());
  for (const kernel of ACCELERATED_KERNELS) {
    if (stockKernels.has(kernel.kernelName) || addedKernels.has(kernel.kernelName)) continue;
    if (kernel.reference) {
      // A kernel of our own: its reference implementation is the fallback.
      if (getKernel(kernel.kernelName, 'cpu')) continue;
      const reference: KernelConfig = { kernelName: kernel.kernelName, backendName: 'cpu', kernelFunc: kernel.reference };
      registerKernel({ ...reference, kernelFunc: mark(withFallback(kernel, native, reference)) });
      addedKernels.add(kernel.kernelName);
      continue;
    }
    const stock = getKernel(kernel.kernelName, 'cpu');
    if (!stock) continue; // an older tfjs without this kernel
    unregisterKernel(kernel.kernelName, 'cpu');
    registerKernel({ ...stock, kernelFunc: mark(withFallback(kernel, native, stock)) });
    stockKernels.set(kernel.kernelName, stock);
  }
  lastReason = undefined;
  return acceleratorStatus();
}

/** Puts the stock cpu kernels back. */
export function disableCpuAccelerator(): AcceleratorStatus {
  for (const [name, stock] of stockKernels) {
    unregisterKernel(name, 'cpu');
    registerKernel(stock);
  }
  stockKernels.clear();
  for (const name of addedKernels) unregisterKernel(name, 'cpu');
  addedKernels.clear();
  configureOutputPool({ limitBytes: 0 });
  lastReason = 'disabled by disableCpuAccelerator()';
  return acceleratorStatus();
}

export function acceleratorStatus(): AcceleratorStatus {
  const enabled = stockKernels.size + addedKernels.size > 0;
  const load = loadNative();
  return {
    enabled,
    ...(enabled ? {} : { reason: lastReason ?? (load.addon ? 'not enabled' : load.reason) }),
    threads: enabled && load.addon ? load.addon.getThreads() : 0,
    ...(enabled && load.addon ? { convolution: load.addon.convolutionLibrary() } : {}),
    kernels: [...stockKernels.keys(), ...addedKernels],
    calls: { native: Object.fromEntries(callCounts.native), fallback: Object.fromEntries(callCounts.fallback) },
    outputPool: outputPoolStats(),
  };
}

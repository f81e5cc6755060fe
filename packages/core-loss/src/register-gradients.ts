// The one module that changes tfjs's global registries: our gradients (all backends) and our
// wasm and cpu kernels. Everything else in the package is free of side effects.
import * as tf from '@tensorflow/tfjs-core';
import { HARMONIZATION_GRAD_CONFIGS } from './gradients/all-gradients';
import { patchFusedOps, unpatchedFusedOps } from './gradients/fused-ops';
import { HARMONIZATION_KERNEL_CONFIGS } from './wasm-kernels/all-kernels';

interface SharedConfigs {
  grads: readonly tf.GradConfig[];
  kernels: readonly tf.KernelConfig[];
}

// The registries compare configs by identity, and this module can be loaded twice in one
// process (the ESM and CJS builds, or tsup's CJS entries index.cjs and register.cjs, which do
// not share chunks). The first copy loaded publishes its configs; later copies use those, so
// every copy agrees on which configs are "ours".
const SHARED_KEY = Symbol.for('@harmonization/core-loss/gradient-configs@2');
const globalSlots = globalThis as unknown as Record<symbol, SharedConfigs | undefined>;
const shared: SharedConfigs = (globalSlots[SHARED_KEY] ??= {
  grads: HARMONIZATION_GRAD_CONFIGS,
  kernels: HARMONIZATION_KERNEL_CONFIGS,
});
const GRADS = shared.grads;
const KERNELS = shared.kernels;

/** Names of the kernels whose gradients we register (the gradient registry is shared by every backend). */
export const HARMONIZATION_GRADIENT_KERNELS: readonly string[] = Object.freeze(GRADS.map((c) => c.kernelName));

/** `<backend>:<Kernel>` for every backend kernel we register. */
const KERNEL_LABELS = KERNELS.map((c) => `${c.backendName}:${c.kernelName}`);

// @harmonization/accelerator marks its native kernel functions with this symbol. A marked kernel
// is faster than our op-built one and as exact, so it is left in force rather than replaced.
const ACCELERATED_KERNEL = Symbol.for('@harmonization/accelerator.kernel');

function kernelInForce(config: tf.KernelConfig): boolean {
  const current = tf.getKernel(config.kernelName, config.backendName)?.kernelFunc;
  return current === config.kernelFunc || (current as unknown as Record<symbol, unknown> | undefined)?.[ACCELERATED_KERNEL] === true;
}

/** Registers a kernel, replacing any other without tfjs's "already registered" warning. */
function registerKernelQuietly(config: tf.KernelConfig): void {
  if (kernelInForce(config)) return;
  if (tf.getKernel(config.kernelName, config.backendName) != null) {
    tf.unregisterKernel(config.kernelName, config.backendName);
  }
  tf.registerKernel(config);
}

function registerAll(onlyMissing: boolean): void {
  for (const config of GRADS) {
    if (!onlyMissing || tf.getGradient(config.kernelName) !== config) tf.registerGradient(config);
  }
  for (const config of KERNELS) registerKernelQuietly(config);
  patchFusedOps();
}

/**
 * Registers the gradients the harmonization loss needs — second-order-exact versions for every
 * kernel a saliency-through-the-network loss meets (convolutions and their backprops,
 * depthwise, matmul, batch/layer norm, pooling and pooling gradients, activations, shape ops,
 * reductions, comparisons with zero gradient) — over whatever is registered, plus kernels for
 * wasm (Conv2DBackpropFilter and both depthwise backprops, which it lacks, and a correct
 * MaxPoolGrad) and three of them for cpu (whose own are correct but far slower). It also
 * makes `tf.fused.conv2d / depthwiseConv2d / matMul` run as separate ops while a gradient is
 * recorded: their custom gradient (linear activation + bias, as tfjs-layers calls them) cannot
 * be differentiated twice.
 *
 * Our set is self-sufficient for those kernels: with `@tensorflow/tfjs-core` alone, Node
 * registers no stock gradients at all (tfjs-core's `register_all_gradients` module cannot be
 * loaded by Node: its imports lack file extensions), so nothing here relies on them. Gradients
 * of other kernels come from `@tensorflow/tfjs` / `@tensorflow/tfjs-layers` when those are
 * imported. Idempotent; call it after importing tfjs, or use `ensureHarmonizationGradients`.
 */
export function registerHarmonizationGradients(): void {
  registerAll(false);
}

/**
 * Re-registers any of our gradients, kernels or fused wrappers that something replaced — importing
 * `@tensorflow/tfjs` or `@tensorflow/tfjs-layers` for the first time re-registers the stock
 * gradients silently, and importing a backend package its own kernels. Cheap
 * (identity comparisons); call it at the start of every loss computation.
 */
export function ensureHarmonizationGradients(): void {
  for (const config of GRADS) {
    if (tf.getGradient(config.kernelName) !== config) {
      registerAll(true);
      return;
    }
  }
  for (const config of KERNELS) {
    if (!kernelInForce(config)) {
      registerAll(true);
      return;
    }
  }
  if (unpatchedFusedOps().length > 0) patchFusedOps();
}

/**
 * Reports, without changing anything, which of our gradients (kernel names), backend kernels
 * (`wasm:<Kernel>`, `cpu:<Kernel>`) and fused-op wrappers (`fused.<op>`) are not the ones in force. `ok` is
 * true when all of ours are (a native kernel of @harmonization/accelerator counts as ours).
 */
export function checkHarmonizationGradients(): { ok: boolean; overridden: string[] } {
  const overridden = GRADS.filter((c) => tf.getGradient(c.kernelName) !== c).map((c) => c.kernelName);
  KERNELS.forEach((c, i) => {
    if (!kernelInForce(c)) overridden.push(KERNEL_LABELS[i] as string);
  });
  overridden.push(...unpatchedFusedOps());
  return { ok: overridden.length === 0, overridden };
}

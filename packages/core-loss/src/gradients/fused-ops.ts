// tf.fused.conv2d / depthwiseConv2d / matMul with a linear activation (what tfjs-layers calls
// for every Conv2D, DepthwiseConv2D and Dense layer without a fusable non-linear activation)
// take, while a gradient is being recorded, a `customGrad` path. Its gradient uses copies of
// the inputs made while the tape is off, so a SECOND backward pass gets nothing from them:
// the harmonization loss lost every weight gradient that flows through the saliency of such
// a layer (measured: d/dW of a gradient through fused conv2d + bias came out exactly 0).
// While a tape is recording, we run the same computation as separate ops (conv, add bias,
// activation), whose registered gradients differentiate again; outside gradients the fast
// fused kernel runs as before.
import * as tf from '@tensorflow/tfjs-core';

type FusedFns = {
  conv2d: typeof tf.fused.conv2d;
  depthwiseConv2d: typeof tf.fused.depthwiseConv2d;
  matMul: typeof tf.fused.matMul;
};
type FusedName = keyof FusedFns;
type Activation = 'linear' | 'relu' | 'prelu' | 'elu' | 'relu6' | 'leakyrelu' | 'sigmoid' | undefined | null;

/** True while any gradient tape is recording (tf.grad, tf.variableGrads, optimizer.minimize). */
function recording(): boolean {
  const state = (tf.engine() as unknown as { state: { gradientDepth: number } }).state;
  return state.gradientDepth > 0;
}

function activate(y: tf.Tensor, activation: Activation, prelu?: tf.Tensor, alpha?: number): tf.Tensor {
  switch (activation ?? 'linear') {
    case 'linear':
      return y;
    case 'relu':
      return tf.relu(y);
    case 'elu':
      return tf.elu(y);
    case 'relu6':
      return tf.relu6(y);
    case 'prelu':
      return tf.prelu(y, prelu as tf.Tensor);
    case 'leakyrelu':
      return tf.leakyRelu(y, alpha ?? 0.2);
    case 'sigmoid':
      return tf.sigmoid(y);
    default:
      throw new Error(`Error in fused op: activation must be one of linear, relu, elu, relu6, prelu, leakyrelu, sigmoid, got '${activation}'.`);
  }
}

type ConvArgs = Parameters<typeof tf.fused.conv2d>[0];
type DepthwiseArgs = Parameters<typeof tf.fused.depthwiseConv2d>[0];
type MatMulArgs = Parameters<typeof tf.fused.matMul>[0];

const unfused = {
  conv2d(a: ConvArgs) {
    return tf.tidy(() => {
      const y = tf.conv2d(a.x, a.filter, a.strides, a.pad, a.dataFormat, a.dilations, a.dimRoundingMode);
      const b = a.bias == null ? y : tf.add(y, a.bias);
      return activate(b, a.activation as Activation, a.preluActivationWeights as tf.Tensor | undefined, a.leakyreluAlpha);
    });
  },
  depthwiseConv2d(a: DepthwiseArgs) {
    return tf.tidy(() => {
      const y = tf.depthwiseConv2d(a.x, a.filter, a.strides, a.pad, a.dataFormat, a.dilations, a.dimRoundingMode);
      const b = a.bias == null ? y : tf.add(y, a.bias);
      return activate(b, a.activation as Activation, a.preluActivationWeights as tf.Tensor | undefined, a.leakyreluAlpha);
    });
  },
  matMul(a: MatMulArgs) {
    return tf.tidy(() => {
      const y = tf.matMul(a.a, a.b, a.transposeA, a.transposeB);
      const b = a.bias == null ? y : tf.add(y, a.bias);
      return activate(b, a.activation as Activation, a.preluActivationWeights as tf.Tensor | undefined, a.leakyreluAlpha);
    });
  },
};

const NAMES: readonly FusedName[] = ['conv2d', 'depthwiseConv2d', 'matMul'];

// Shared by every copy of this module in the process (ESM and CJS builds), so that one copy
// recognises another's wrapper and never wraps a wrapper.
interface FusedState {
  originals: Map<FusedName, FusedFns[FusedName]>;
  wrappers: Map<FusedName, FusedFns[FusedName]>;
}
const STATE_KEY = Symbol.for('@harmonization/core-loss/fused-ops');
const globalSlots = globalThis as unknown as Record<symbol, FusedState | undefined>;
const state: FusedState = (globalSlots[STATE_KEY] ??= { originals: new Map(), wrappers: new Map() });
const { originals, wrappers } = state;

function wrapperFor(name: FusedName): FusedFns[FusedName] {
  let w = wrappers.get(name);
  if (w == null) {
    const impl = unfused[name] as (a: unknown) => tf.Tensor;
    w = ((args: unknown) => {
      if (recording()) return impl(args);
      const original = originals.get(name) as (a: unknown) => tf.Tensor;
      return original(args);
    }) as FusedFns[FusedName];
    wrappers.set(name, w);
  }
  return w;
}

/** Names (`fused.conv2d`, …) of the fused ops whose second-order-safe wrapper is not in place. */
export function unpatchedFusedOps(): string[] {
  const fused = tf.fused as unknown as FusedFns;
  return NAMES.filter((n) => fused[n] !== wrappers.get(n)).map((n) => `fused.${n}`);
}

/**
 * Puts the wrappers on `tf.fused` (the object tfjs-layers calls through). Returns the names it
 * could not replace: an ES-module build of tfjs-core exposes a frozen namespace (bundlers);
 * Node loads the CommonJS build, where the object is writable.
 */
export function patchFusedOps(): string[] {
  const fused = tf.fused as unknown as Record<string, unknown>;
  const failed: string[] = [];
  for (const name of NAMES) {
    const current = fused[name] as FusedFns[FusedName];
    const wrapper = wrapperFor(name);
    if (current === wrapper) continue;
    originals.set(name, current);
    try {
      fused[name] = wrapper;
    } catch {
      // Frozen namespace: nothing we can do here; reported by checkHarmonizationGradients.
    }
    if (fused[name] !== wrapper) failed.push(`fused.${name}`);
  }
  return failed;
}

// Helpers shared by the gradient configs. Every helper is built from tfjs ops whose own
// gradients are registered by this package, so anything computed here can be differentiated
// again (the whole point: the harmonization loss differentiates a gradient).
import * as tf from '@tensorflow/tfjs-core';

/** Sums `t` over the axes that numpy-style broadcasting added or stretched to reach `t.shape`, then reshapes to `shape`. */
export function sumToShape(t: tf.Tensor, shape: readonly number[]): tf.Tensor {
  // Always a new tensor: the tape disposes accumulated gradients, so one tensor must never
  // be handed out as the gradient of two inputs (or be `dy` itself).
  if (tf.util.arraysEqual(t.shape, shape as number[])) return tf.reshape(t, shape as number[]);
  const lead = t.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < t.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && t.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length > 0 ? tf.sum(t, axes) : t;
  return tf.reshape(summed, shape as number[]);
}

/** A float32 zero gradient shaped like `x` (the engine insists on float32 gradients). */
export function zeroGrad(x: tf.Tensor): tf.Tensor {
  return tf.zeros(x.shape, 'float32');
}

/**
 * Runs `fn` without recording on the gradient tape (the engine records nothing while a kernel
 * runs, `kernelDepth > 0`; tfjs has no stop-gradient op). What it returns is a constant to any
 * later differentiation; scopes still track and dispose it. Without that engine state it just
 * runs `fn` (recorded: same values, more work).
 */
export function untracked<T>(fn: () => T): T {
  const state = (tf.engine() as unknown as { state?: { kernelDepth?: number } }).state;
  if (state == null || typeof state.kernelDepth !== 'number') return fn();
  state.kernelDepth++;
  try {
    return fn();
  } finally {
    state.kernelDepth--;
  }
}

/**
 * `1` where `mask` is true, else `0`, as float32. Comparisons have a zero gradient, so the mask
 * is made a constant of the tape: differentiating a gradient that uses it (a harmonized step
 * does, for every ReLU) then skips the mask's branch — a product, a zeros tensor and a sum over
 * the activation's size each, all zero. As in PyTorch, a tensor that reaches the result only
 * through masks is then unused: `tf.grads` refuses it, `tf.variableGrads` leaves it out.
 */
export function maskToFloat(mask: tf.Tensor): tf.Tensor {
  return untracked(() => tf.cast(mask, 'float32'));
}

/** The keep-dims shape of `shape` reduced over `axes`. */
export function keepDimsShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/** Broadcasts a reduced gradient `dy` (reduced over `axes` of `shape`, keepDims or not) back to `shape`. */
export function broadcastReduced(dy: tf.Tensor, shape: readonly number[], axes: readonly number[]): tf.Tensor {
  const kept = tf.reshape(dy, keepDimsShape(shape, axes));
  return tf.broadcastTo(kept, shape as number[]);
}

/** Runs a kernel by name on the current engine; the call is recorded on the tape like any op. */
export function runKernel(name: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap = {}): tf.Tensor {
  return tf.engine().runKernel<tf.Tensor>(name, inputs, attrs);
}

export type PadAttr = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

/** Throws unless every dilation is 1: the backprop kernels and our gradients assume it. */
export function assertNoDilation(where: string, dilations: number | [number, number] | undefined | null): void {
  const d = dilations == null ? [1, 1] : typeof dilations === 'number' ? [dilations, dilations] : dilations;
  if (d.some((v) => v !== 1)) {
    throw new Error(`Error in ${where}: dilations must be 1 (dilated gradients are not supported), got [${d.join(', ')}].`);
  }
}

/**
 * Takes, for a window offset (i, j), the value under that tap for every output position:
 * `xPadded[n, i + s_h*oh, j + s_w*ow, c]` → `[N, outH, outW, C]`. `xPadded` comes from
 * `padForWindow`. Strided taps use slice → reshape → slice (StridedSlice is slow on wasm).
 */
export function windowTap(xPadded: tf.Tensor4D, i: number, j: number, info: tf.backend_util.Conv2DInfo): tf.Tensor4D {
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const top = i * info.dilationHeight;
  const left = j * info.dilationWidth;
  const [n, , , c] = xPadded.shape;
  if (sh === 1 && sw === 1) return tf.slice(xPadded, [0, top, left, 0], [n, oh, ow, c]);
  const block = tf.slice(xPadded, [0, top, left, 0], [n, oh * sh, ow * sw, c]);
  // Rows a·sh+b and columns d·sw+e: keep b = 0 and e = 0. Rank 4 throughout, because wasm runs
  // slices of higher rank in a slow JS fallback (a rank-6 version cost ~75 % of a demo step).
  const grouped = tf.reshape(block, [n * oh, sh, ow, sw * c]);
  return tf.reshape(tf.slice(grouped, [0, 0, 0, 0], [n * oh, 1, ow, c]), [n, oh, ow, c]);
}

/**
 * Padded input size used by `windowTap`: the input plus its pads, and at least
 * `(k-1)·dilation + out·stride` so that every tap can take a whole `out·stride` block.
 */
export function paddedSize(info: tf.backend_util.Conv2DInfo): [number, number] {
  const { padInfo } = info;
  const h = Math.max(info.inHeight + padInfo.top + padInfo.bottom, info.effectiveFilterHeight - 1 + info.outHeight * info.strideHeight);
  const w = Math.max(info.inWidth + padInfo.left + padInfo.right, info.effectiveFilterWidth - 1 + info.outWidth * info.strideWidth);
  return [h, w];
}

/** Pads `x` `[N,H,W,C]` to the padded size of `info` with `value` (top/left as padInfo says). */
export function padForWindow(x: tf.Tensor4D, info: tf.backend_util.Conv2DInfo, value = 0): tf.Tensor4D {
  const [ph, pw] = paddedSize(info);
  const { top, left } = info.padInfo;
  return tf.pad(x, [
    [0, 0],
    [top, ph - top - info.inHeight],
    [left, pw - left - info.inWidth],
    [0, 0],
  ], value);
}

// Helpers for kernels whose bodies are tfjs ops. The engine records nothing on the gradient
// tape while a kernel runs, so these bodies are plain computations.
import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `body` on the kernel's inputs as Tensors and returns its result. Inputs that arrive as
 * bare TensorInfos (another kernel calling this one) are wrapped, and unwrapped afterwards.
 */
export function withTensors(inputs: tf.NamedTensorInfoMap, body: (t: Record<string, tf.Tensor>) => tf.Tensor): tf.Tensor {
  const engine = tf.engine();
  const wrapped: tf.Tensor[] = [];
  const tensors: Record<string, tf.Tensor> = {};
  for (const [name, info] of Object.entries(inputs)) {
    if (info == null) continue;
    if (info instanceof tf.Tensor) {
      tensors[name] = info;
    } else {
      const t = engine.makeTensorFromTensorInfo(info);
      wrapped.push(t);
      tensors[name] = t;
    }
  }
  try {
    return tf.tidy(() => body(tensors));
  } finally {
    wrapped.forEach((t) => t.dispose());
  }
}

/**
 * Inserts `s - 1` zeros between consecutive rows and columns of `t` `[N,h,w,C]` (stride
 * dilation): → `[N,(h-1)·s_h+1,(w-1)·s_w+1,C]`, done with one reshape → pad → reshape → slice.
 */
export function dilateSpatial(t: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  if (sh === 1 && sw === 1) return t;
  const [n, h, w, c] = t.shape;
  const six = tf.reshape(t, [n, h, 1, w, 1, c]);
  const padded = tf.pad(six, [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
  const spread = tf.reshape(padded, [n, h * sh, w * sw, c]);
  return tf.slice(spread as tf.Tensor4D, [0, 0, 0, 0], [n, (h - 1) * sh + 1, (w - 1) * sw + 1, c]);
}

/** Pads (positive) or crops (negative) each spatial side of `t` `[N,H,W,C]`. */
export function padOrCrop(t: tf.Tensor4D, top: number, bottom: number, left: number, right: number): tf.Tensor4D {
  const [n, h, w, c] = t.shape;
  const cropTop = Math.max(0, -top);
  const cropBottom = Math.max(0, -bottom);
  const cropLeft = Math.max(0, -left);
  const cropRight = Math.max(0, -right);
  let out = t;
  if (cropTop + cropBottom + cropLeft + cropRight > 0) {
    out = tf.slice(out, [0, cropTop, cropLeft, 0], [n, h - cropTop - cropBottom, w - cropLeft - cropRight, c]);
  }
  const pads: Array<[number, number]> = [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]];
  if (pads.some(([a, b]) => a > 0 || b > 0)) out = tf.pad(out, pads);
  return out;
}

export type PadAttr = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

export interface ConvKernelAttrs {
  strides: number | [number, number];
  pad: PadAttr;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dilations?: number | [number, number];
}

export function assertUnitDilation(kernel: string, dilations: ConvKernelAttrs['dilations']): void {
  const d = dilations == null ? [1, 1] : typeof dilations === 'number' ? [dilations, dilations] : dilations;
  if (d.some((v) => v !== 1)) {
    throw new Error(`Error in ${kernel} (wasm): dilations must be 1, got [${d.join(', ')}].`);
  }
}

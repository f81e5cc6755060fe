import * as tf from '@tensorflow/tfjs-core';
import { padForWindow, runKernel, windowTap, type PadAttr } from './grad-util';

/**
 * A kernel a backend may register to compute `maxPoolSelect` in one pass (@harmonization/accelerator
 * does on cpu, with the same first-maximum rule); without it the op-built path below runs.
 */
export const MAX_POOL_SELECT_KERNEL = 'HarmonizationMaxPoolSelect';

export interface PoolAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: PadAttr;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Window geometry of a 2-D pooling of `inShape` `[N,H,W,C]`. */
export function poolInfo(inShape: number[], a: PoolAttrs): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computePool2DInfo(
    inShape as [number, number, number, number],
    a.filterSize,
    a.strides,
    1,
    a.pad as 'same' | 'valid' | number,
    a.dimRoundingMode,
  );
}

/**
 * For every max-pool window of `x` `[N,H,W,C]`, the value of `v` (same shape as `x`) at the
 * window's FIRST maximum in row-major order — the position tfjs's cpu MaxPoolGrad sends the
 * gradient to. Returns `[N,oh,ow,C]`. Linear in `v`; the selection (via Equal, zero gradient)
 * is constant almost everywhere, so this is exactly `d/d(dy)` of MaxPoolGrad applied to `v`.
 * Given the pool `attrs`, a backend's MAX_POOL_SELECT_KERNEL runs instead when registered (a
 * second-order step only evaluates this, never differentiates it).
 */
export function maxPoolSelect(x: tf.Tensor4D, v: tf.Tensor4D, info: tf.backend_util.Conv2DInfo, attrs?: PoolAttrs): tf.Tensor4D {
  if (attrs && tf.getKernel(MAX_POOL_SELECT_KERNEL, tf.getBackend()) != null) {
    const { filterSize, strides, pad, dimRoundingMode } = attrs;
    return runKernel(MAX_POOL_SELECT_KERNEL, { x, v }, { filterSize, strides, pad, dimRoundingMode } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  }
  return tf.tidy(() => {
    const xp = padForWindow(x, info, -Infinity);
    const vp = padForWindow(v, info, 0);
    const taps: Array<[tf.Tensor4D, tf.Tensor4D]> = [];
    for (let i = 0; i < info.filterHeight; i++) {
      for (let j = 0; j < info.filterWidth; j++) taps.push([windowTap(xp, i, j, info), windowTap(vp, i, j, info)]);
    }
    const y = taps.map(([xt]) => xt).reduce((m, t) => tf.maximum(m, t));
    let taken: tf.Tensor = tf.zerosLike(y);
    let out: tf.Tensor = tf.zerosLike(y);
    for (const [xt, vt] of taps) {
      const pick = tf.mul(tf.cast(tf.equal(xt, y), 'float32'), tf.sub(1, taken));
      out = tf.add(out, tf.mul(pick, vt));
      taken = tf.add(taken, pick);
    }
    return out as tf.Tensor4D;
  });
}

/** Number of real (non-padding) input pixels under every pooling window: `[1,oh,ow,1]`. */
export function validCounts(info: tf.backend_util.Conv2DInfo): tf.Tensor4D {
  const rows = (o: number, stride: number, pad: number, k: number, size: number) => {
    const start = o * stride - pad;
    return Math.min(start + k, size) - Math.max(start, 0);
  };
  const values = new Float32Array(info.outHeight * info.outWidth);
  for (let oh = 0; oh < info.outHeight; oh++) {
    const r = rows(oh, info.strideHeight, info.padInfo.top, info.filterHeight, info.inHeight);
    for (let ow = 0; ow < info.outWidth; ow++) {
      values[oh * info.outWidth + ow] = r * rows(ow, info.strideWidth, info.padInfo.left, info.filterWidth, info.inWidth);
    }
  }
  return tf.tensor4d(values, [1, info.outHeight, info.outWidth, 1]);
}

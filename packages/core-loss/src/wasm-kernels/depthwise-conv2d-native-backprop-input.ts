import * as tf from '@tensorflow/tfjs-core';
import { assertUnitDilation, dilateSpatial, padOrCrop, withTensors, type ConvKernelAttrs } from './kernel-util';

/**
 * DepthwiseConv2dNativeBackpropInput for wasm (absent from tfjs-backend-wasm 4.22): the
 * transposed depthwise convolution, computed as a depthwise convolution of `dy` dilated by
 * the stride and padded by `k-1-pad`, with the spatially flipped filter; channel multipliers
 * are summed afterwards. Output `inputShape [N,H,W,C]`.
 */
export function depthwiseBackpropInputWasm(args: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const a = args.attrs as unknown as ConvKernelAttrs & { inputShape: [number, number, number, number] };
  assertUnitDilation('DepthwiseConv2dNativeBackpropInput', a.dilations);
  return withTensors(args.inputs, ({ dy, filter }) => {
    const f = filter as tf.Tensor4D;
    const [kh, kw, c, m] = f.shape;
    const [n, h, w] = a.inputShape;
    const info = tf.backend_util.computeConv2DInfo(a.inputShape, f.shape, a.strides, 1, a.pad, a.dimRoundingMode, true);
    const dyd = dilateSpatial(dy as tf.Tensor4D, info.strideHeight, info.strideWidth);
    // Full correlation: output row r reads dyd rows r + pad_top - (kh-1) … r + pad_top.
    const top = kh - 1 - info.padInfo.top;
    const left = kw - 1 - info.padInfo.left;
    const padded = padOrCrop(dyd, top, h + kh - 1 - top - dyd.shape[1], left, w + kw - 1 - left - dyd.shape[2]);
    const flipped = tf.reshape(tf.reverse(f, [0, 1]), [kh, kw, c * m, 1]) as tf.Tensor4D;
    const r = tf.depthwiseConv2d(padded, flipped, 1, 'valid');
    return m === 1 ? r : tf.sum(tf.reshape(r, [n, h, w, c, m]), 4);
  });
}

export const depthwiseBackpropInputWasmConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropInputWasm as unknown as tf.KernelFunc,
};

import * as tf from '@tensorflow/tfjs-core';
import { assertUnitDilation, padOrCrop, withTensors, type ConvKernelAttrs } from './kernel-util';

/**
 * DepthwiseConv2dNativeBackpropFilter for wasm (absent from tfjs-backend-wasm 4.22).
 * `dW[i,j,c,q] = Σ_{n,p,r} x̄[n, p·s+i, r·s+j, c] · dy[n,p,r,c·m+q]`: one depthwise
 * convolution with batch folded into channels — input `[1, H', W', N·C]`, filter
 * `[oh, ow, N·C, m]` (dy) dilated by the stride, VALID → `[1, kh, kw, N·C·m]`, then a sum over N.
 * Registered for cpu too: its own kernel is correct but far slower.
 */
export function depthwiseBackpropFilterWasm(args: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const a = args.attrs as unknown as ConvKernelAttrs & { filterShape: [number, number, number, number] };
  assertUnitDilation('DepthwiseConv2dNativeBackpropFilter', a.dilations);
  return withTensors(args.inputs, ({ x, dy }) => {
    const x4 = x as tf.Tensor4D;
    const [kh, kw, c, m] = a.filterShape;
    const info = tf.backend_util.computeConv2DInfo(x4.shape, a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, true);
    const { strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow } = info;
    const n = x4.shape[0];
    const needH = (oh - 1) * sh + kh;
    const needW = (ow - 1) * sw + kw;
    const { top, left } = info.padInfo;
    const xp = padOrCrop(x4, top, needH - top - info.inHeight, left, needW - left - info.inWidth);
    // [N,H',W',C] → [1,H',W',N·C] (channel index n·C + c).
    const xFold = tf.reshape(tf.transpose(xp, [1, 2, 0, 3]), [1, needH, needW, n * c]) as tf.Tensor4D;
    // [N,oh,ow,C·m] → [oh,ow,N·C,m].
    const dyFold = tf.reshape(tf.transpose(dy as tf.Tensor4D, [1, 2, 0, 3]), [oh, ow, n * c, m]);
    const r = tf.depthwiseConv2d(xFold, dyFold as tf.Tensor4D, 1, 'valid', 'NHWC', [sh, sw]);
    // [1,kh,kw,N·C·m] → [kh,kw,N,C,m] → Σ_N.
    return tf.sum(tf.reshape(r, [kh, kw, n, c, m]), 2);
  });
}

export const depthwiseBackpropFilterWasmConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropFilterWasm as unknown as tf.KernelFunc,
};

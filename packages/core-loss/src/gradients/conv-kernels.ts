// Direct calls of the convolution kernels with explicit attributes, so that the gradients can
// pass every attribute (explicit pads, dimRoundingMode) through unchanged.
import * as tf from '@tensorflow/tfjs-core';
import { runKernel, type PadAttr } from './grad-util';

export interface ConvAttrs {
  strides: [number, number] | number;
  pad: PadAttr;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

export function assertNhwc(where: string, dataFormat: string | undefined): void {
  if (dataFormat != null && dataFormat !== 'NHWC') {
    throw new Error(`Error in ${where}: dataFormat must be 'NHWC', got '${dataFormat}'.`);
  }
}

const base = (a: ConvAttrs) => ({ strides: a.strides, pad: a.pad, dimRoundingMode: a.dimRoundingMode }) as unknown as tf.NamedAttrMap;

/** conv2d `x [N,H,W,Cin] * filter [kh,kw,Cin,Cout]` → `[N,oh,ow,Cout]`. */
export function conv2d(x: tf.Tensor, filter: tf.Tensor, a: ConvAttrs): tf.Tensor {
  return runKernel(tf.Conv2D, { x, filter }, { ...base(a), dataFormat: 'NHWC', dilations: [1, 1] });
}

/** Gradient of conv2d w.r.t. its input: `dy [N,oh,ow,Cout]`, filter → `inputShape`. */
export function conv2dBackpropInput(dy: tf.Tensor, filter: tf.Tensor, inputShape: number[], a: ConvAttrs): tf.Tensor {
  return runKernel(tf.Conv2DBackpropInput, { dy, filter }, { ...base(a), dataFormat: 'NHWC', inputShape });
}

/** Gradient of conv2d w.r.t. its filter: `x`, `dy` → `filterShape [kh,kw,Cin,Cout]`. */
export function conv2dBackpropFilter(x: tf.Tensor, dy: tf.Tensor, filterShape: number[], a: ConvAttrs): tf.Tensor {
  return runKernel(tf.Conv2DBackpropFilter, { x, dy }, { ...base(a), dataFormat: 'NHWC', filterShape });
}

/** depthwise conv2d `x [N,H,W,C] * filter [kh,kw,C,m]` → `[N,oh,ow,C·m]`. */
export function depthwiseConv2d(x: tf.Tensor, filter: tf.Tensor, a: ConvAttrs): tf.Tensor {
  return runKernel(tf.DepthwiseConv2dNative, { x, filter }, { ...base(a), dilations: [1, 1] });
}

/** Gradient of depthwise conv2d w.r.t. its input. */
export function depthwiseBackpropInput(dy: tf.Tensor, filter: tf.Tensor, inputShape: number[], a: ConvAttrs): tf.Tensor {
  return runKernel(tf.DepthwiseConv2dNativeBackpropInput, { dy, filter }, { ...base(a), dilations: [1, 1], inputShape });
}

/** Gradient of depthwise conv2d w.r.t. its filter. */
export function depthwiseBackpropFilter(x: tf.Tensor, dy: tf.Tensor, filterShape: number[], a: ConvAttrs): tf.Tensor {
  return runKernel(tf.DepthwiseConv2dNativeBackpropFilter, { x, dy }, { ...base(a), dilations: [1, 1], filterShape });
}

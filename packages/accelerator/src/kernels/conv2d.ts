// Conv2D and its two backprops (NHWC): im2col + BLAS GEMM in the addon.
import { backend_util } from '@tensorflow/tfjs-core';
import type { Conv2DAttrs, Conv2DBackpropFilterAttrs, Conv2DBackpropInputAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { allFloatValues, sizeOf } from '../cpu-tensors';
import { convGeometry, nativeConvGeometry } from '../geometry';
import type { AcceleratedKernel, KernelArgs } from './native-kernel';
import type { NativeAddon } from '../load-native';
import { outputFloat32 } from '../output-pool';

type Shape4 = [number, number, number, number];

/** x [n,h,w,c] * filter [kh,kw,c,oc] -> [n,oh,ow,oc]; null when the call needs the stock path. */
export function nativeConv2d(args: KernelArgs, native: NativeAddon): TensorInfo | null {
  const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = args.attrs as unknown as Conv2DAttrs;
  if (dataFormat === 'NCHW' || x.shape.length !== 4 || filter.shape.length !== 4) return null;
  const info = backend_util.computeConv2DInfo(x.shape as Shape4, filter.shape as Shape4, strides, dilations ?? 1, pad,
    dimRoundingMode, false, 'channelsLast');
  const values = allFloatValues(args.backend, [x, filter]);
  if (!values || !nativeConvGeometry(info)) return null;
  const out = outputFloat32(sizeOf(info.outShape));
  native.conv2d(values[0]!, values[1]!, out, convGeometry(info));
  return args.backend.makeTensorInfo(info.outShape, 'float32', out);
}

export const conv2dKernel: AcceleratedKernel = {
  kernelName: 'Conv2D',
  body: (args, native) => nativeConv2d(args, native),
};

export const conv2dBackpropInputKernel: AcceleratedKernel = {
  kernelName: 'Conv2DBackpropInput',
  body: (args, native) => {
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const { inputShape, strides, pad, dataFormat, dimRoundingMode } = args.attrs as unknown as Conv2DBackpropInputAttrs;
    if (dataFormat === 'NCHW' || dy.shape.length !== 4 || filter.shape.length !== 4) return null;
    const info = backend_util.computeConv2DInfo(inputShape as Shape4, filter.shape as Shape4, strides, 1, pad,
      dimRoundingMode, false, 'channelsLast');
    const values = allFloatValues(args.backend, [dy, filter]);
    if (!values || !nativeConvGeometry(info)) return null;
    const out = outputFloat32(sizeOf(info.inShape));
    native.conv2dBackpropInput(values[0]!, values[1]!, out, convGeometry(info));
    return args.backend.makeTensorInfo([...info.inShape], 'float32', out);
  },
};

export const conv2dBackpropFilterKernel: AcceleratedKernel = {
  kernelName: 'Conv2DBackpropFilter',
  body: (args, native) => {
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as Conv2DBackpropFilterAttrs;
    if (dataFormat === 'NCHW' || x.shape.length !== 4 || dy.shape.length !== 4) return null;
    const info = backend_util.computeConv2DInfo(x.shape as Shape4, filterShape as Shape4, strides, 1, pad,
      dimRoundingMode, false, 'channelsLast');
    const values = allFloatValues(args.backend, [x, dy]);
    if (!values || !nativeConvGeometry(info)) return null;
    const out = outputFloat32(sizeOf(filterShape));
    native.conv2dBackpropFilter(values[0]!, values[1]!, out, convGeometry(info));
    return args.backend.makeTensorInfo([...filterShape], 'float32', out);
  },
};

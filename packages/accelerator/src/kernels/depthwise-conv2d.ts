// DepthwiseConv2dNative (filter [kh,kw,c,m]) and its two backprops: direct loops in the addon.
import { backend_util } from '@tensorflow/tfjs-core';
import type {
  DepthwiseConv2dNativeAttrs,
  DepthwiseConv2dNativeBackpropFilterAttrs,
  DepthwiseConv2dNativeBackpropInputAttrs,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { allFloatValues, sizeOf } from '../cpu-tensors';
import { convGeometry, nativeConvGeometry } from '../geometry';
import type { AcceleratedKernel, KernelArgs } from './native-kernel';
import type { NativeAddon } from '../load-native';
import { outputFloat32 } from '../output-pool';

type Shape4 = [number, number, number, number];

// The stock backprops ignore dilations (tfjs' depthwise gradient rejects them anyway): keep
// their exact behaviour by leaving dilated calls to them.
function unitDilations(d: number | [number, number] | undefined): boolean {
  return d === undefined || (typeof d === 'number' ? d === 1 : d[0] === 1 && d[1] === 1);
}

export function nativeDepthwiseConv2d(args: KernelArgs, native: NativeAddon): TensorInfo | null {
  const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = args.attrs as unknown as DepthwiseConv2dNativeAttrs;
  const $dilations = dilations ?? [1, 1];
  // The stock kernel owns the validation errors (strides and dilations both > 1, NCHW).
  if (dataFormat === 'NCHW' || !backend_util.eitherStridesOrDilationsAreOne(strides, $dilations)) return null;
  if (x.shape.length !== 4 || filter.shape.length !== 4) return null;
  const info = backend_util.computeConv2DInfo(x.shape as Shape4, filter.shape as Shape4, strides, $dilations, pad,
    dimRoundingMode, true);
  const values = allFloatValues(args.backend, [x, filter]);
  if (!values || !nativeConvGeometry(info)) return null;
  const out = outputFloat32(sizeOf(info.outShape));
  native.depthwiseConv2d(values[0]!, values[1]!, out, convGeometry(info));
  return args.backend.makeTensorInfo(info.outShape, 'float32', out);
}

export const depthwiseConv2dKernel: AcceleratedKernel = {
  kernelName: 'DepthwiseConv2dNative',
  body: (args, native) => nativeDepthwiseConv2d(args, native),
};

export const depthwiseConv2dBackpropInputKernel: AcceleratedKernel = {
  kernelName: 'DepthwiseConv2dNativeBackpropInput',
  body: (args, native) => {
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, dilations, pad, dimRoundingMode, inputShape } =
      args.attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
    if (dy.shape.length !== 4 || filter.shape.length !== 4 || !unitDilations(dilations)) return null;
    const info = backend_util.computeConv2DInfo(inputShape as Shape4, filter.shape as Shape4, strides, dilations, pad,
      dimRoundingMode, true);
    const values = allFloatValues(args.backend, [dy, filter]);
    if (!values || !nativeConvGeometry(info)) return null;
    const out = outputFloat32(sizeOf(info.inShape));
    native.depthwiseBackpropInput(values[0]!, values[1]!, out, convGeometry(info));
    return args.backend.makeTensorInfo([...info.inShape], 'float32', out);
  },
};

export const depthwiseConv2dBackpropFilterKernel: AcceleratedKernel = {
  kernelName: 'DepthwiseConv2dNativeBackpropFilter',
  body: (args, native) => {
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, dilations, pad, dimRoundingMode, filterShape } =
      args.attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
    if (x.shape.length !== 4 || dy.shape.length !== 4 || !unitDilations(dilations)) return null;
    const info = backend_util.computeConv2DInfo(x.shape as Shape4, filterShape as Shape4, strides, dilations, pad,
      dimRoundingMode, true);
    const values = allFloatValues(args.backend, [x, dy]);
    if (!values || !nativeConvGeometry(info)) return null;
    const out = outputFloat32(sizeOf(filterShape));
    native.depthwiseBackpropFilter(values[0]!, values[1]!, out, convGeometry(info));
    return args.backend.makeTensorInfo([...filterShape], 'float32', out);
  },
};

// MaxPool / AvgPool and their gradients (NHWC) with the stock cpu semantics: first strict maximum,
// average over the valid pixels, AvgPoolGrad scaled by the full window.
import { backend_util } from '@tensorflow/tfjs-core';
import type { AvgPoolAttrs, AvgPoolGradAttrs, MaxPoolAttrs, MaxPoolGradAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { allFloatValues, sizeOf } from '../cpu-tensors';
import { convGeometry, nativeConvGeometry } from '../geometry';
import type { AcceleratedKernel, KernelArgs } from './native-kernel';
import { outputFloat32 } from '../output-pool';

type Shape4 = [number, number, number, number];

function poolInfo(x: TensorInfo, attrs: MaxPoolAttrs | AvgPoolAttrs | MaxPoolGradAttrs | AvgPoolGradAttrs) {
  if (x.shape.length !== 4) return null;
  const { filterSize, strides, pad } = attrs;
  const dimRoundingMode = 'dimRoundingMode' in attrs ? attrs.dimRoundingMode : undefined;
  if (!backend_util.eitherStridesOrDilationsAreOne(strides, 1)) return null;
  const info = backend_util.computePool2DInfo(x.shape as Shape4, filterSize, strides, 1, pad, dimRoundingMode);
  // A 1×1 window that keeps the shape is the stock kernel's identity (shares the data).
  if (info.filterHeight === 1 && info.filterWidth === 1 && info.outHeight === info.inHeight && info.outWidth === info.inWidth) {
    return null;
  }
  return nativeConvGeometry(info) ? info : null;
}

function forward(kind: 'maxPool' | 'avgPool') {
  return (args: KernelArgs, native: import('../load-native').NativeAddon): TensorInfo | null => {
    const { x } = args.inputs as { x: TensorInfo };
    const info = poolInfo(x, args.attrs as unknown as MaxPoolAttrs);
    const values = allFloatValues(args.backend, [x]);
    if (!info || !values) return null;
    const out = outputFloat32(sizeOf(info.outShape));
    native[kind](values[0]!, out, convGeometry(info));
    return args.backend.makeTensorInfo(info.outShape, 'float32', out);
  };
}

export const maxPoolKernel: AcceleratedKernel = { kernelName: 'MaxPool', body: forward('maxPool') };
export const avgPoolKernel: AcceleratedKernel = { kernelName: 'AvgPool', body: forward('avgPool') };

export const maxPoolGradKernel: AcceleratedKernel = {
  kernelName: 'MaxPoolGrad',
  body: (args, native) => {
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    const info = poolInfo(input, args.attrs as unknown as MaxPoolGradAttrs);
    const values = allFloatValues(args.backend, [dy, input]);
    if (!info || !values) return null;
    const out = outputFloat32(sizeOf(input.shape));
    native.maxPoolGrad(values[0]!, values[1]!, out, convGeometry(info));
    return args.backend.makeTensorInfo([...input.shape], 'float32', out);
  },
};

export const avgPoolGradKernel: AcceleratedKernel = {
  kernelName: 'AvgPoolGrad',
  body: (args, native) => {
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    const info = poolInfo(input, args.attrs as unknown as AvgPoolGradAttrs);
    const values = allFloatValues(args.backend, [dy]);
    if (!info || !values) return null;
    const out = outputFloat32(sizeOf(input.shape));
    native.avgPoolGrad(values[0]!, out, convGeometry(info));
    return args.backend.makeTensorInfo([...input.shape], 'float32', out);
  },
};

// Slice, PadV2 and Tile (float32 and int32) as native row copies. The stock cpu kernels walk a
// non-contiguous slice element by element: the max-pool second-order gradient's strided window
// taps cost a minute per VGG step that way.
import { slice_util } from '@tensorflow/tfjs-core';
import type { PadV2Attrs, SliceAttrs, TensorInfo, TileAttrs } from '@tensorflow/tfjs-core';
import { sizeOf, values32 } from '../cpu-tensors';
import { MIN_NATIVE_ELEMENTS } from './elementwise';
import type { AcceleratedKernel } from './native-kernel';
import { outputFloat32, outputInt32 } from '../output-pool';

function alloc(dtype: 'float32' | 'int32', size: number): Float32Array | Int32Array {
  return dtype === 'float32' ? outputFloat32(size) : outputInt32(size);
}

export const sliceKernel: AcceleratedKernel = {
  kernelName: 'Slice',
  body: (args, native) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { begin, size } = args.attrs as unknown as SliceAttrs;
    const values = values32(args.backend, x);
    if (!values || x.shape.length === 0) return null;
    let b: number[], s: number[];
    try {
      const parsed = slice_util.parseSliceParams(x as never, begin, size);
      b = parsed[0]!;
      s = parsed[1]!;
      slice_util.assertParamsValid(x as never, b, s);
    } catch {
      return null; // the stock kernel throws its own error
    }
    const total = sizeOf(s);
    if (total < MIN_NATIVE_ELEMENTS) return null;
    const out = alloc(x.dtype as 'float32' | 'int32', total);
    native.slice(values, Int32Array.from(x.shape), Int32Array.from(b), out, Int32Array.from(s));
    return args.backend.makeTensorInfo(s, x.dtype as 'float32' | 'int32', out);
  },
};

export const padV2Kernel: AcceleratedKernel = {
  kernelName: 'PadV2',
  body: (args, native) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { paddings, constantValue } = args.attrs as unknown as PadV2Attrs;
    const values = values32(args.backend, x);
    if (!values || x.shape.length === 0 || paddings.length !== x.shape.length) return null;
    if (paddings.some(([lo, hi]) => lo! < 0 || hi! < 0)) return null;
    const outShape = x.shape.map((n, i) => paddings[i]![0]! + n + paddings[i]![1]!);
    const total = sizeOf(outShape);
    if (total < MIN_NATIVE_ELEMENTS) return null;
    const dtype = x.dtype as 'float32' | 'int32';
    const out = alloc(dtype, total);
    const value = dtype === 'float32' ? Float32Array.of(constantValue) : Int32Array.of(constantValue);
    native.pad(values, Int32Array.from(x.shape), out, Int32Array.from(outShape), Int32Array.from(paddings.map((p) => p[0]!)), value);
    return args.backend.makeTensorInfo(outShape, dtype, out);
  },
};

export const tileKernel: AcceleratedKernel = {
  kernelName: 'Tile',
  body: (args, native) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { reps } = args.attrs as unknown as TileAttrs;
    const values = values32(args.backend, x);
    if (!values || x.shape.length === 0 || reps.length !== x.shape.length || reps.some((r) => !(r >= 1))) return null;
    const outShape = x.shape.map((n, i) => n * reps[i]!);
    const total = sizeOf(outShape);
    if (total < MIN_NATIVE_ELEMENTS) return null;
    const dtype = x.dtype as 'float32' | 'int32';
    const out = alloc(dtype, total);
    native.tile(values, Int32Array.from(x.shape), out, Int32Array.from(outShape));
    return args.backend.makeTensorInfo(outShape, dtype, out);
  },
};

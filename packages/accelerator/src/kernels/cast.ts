// Cast of bool and int32 to float32 into real float32 memory. The stock kernel only relabels
// the tensor (it keeps the Uint8Array / Int32Array), so every float kernel that later reads it
// converts it again, into fresh memory: a gradient's ReLU mask is read twice per harmonized
// step (the product, and that product's own derivative). One conversion into a pooled buffer.
import type { CastAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { sizeOf } from '../cpu-tensors';
import { outputFloat32 } from '../output-pool';
import { MIN_NATIVE_ELEMENTS } from './elementwise';
import type { AcceleratedKernel } from './native-kernel';

export const castKernel: AcceleratedKernel = {
  kernelName: 'Cast',
  body: (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { dtype } = args.attrs as unknown as CastAttrs;
    if (dtype !== 'float32' || (x.dtype !== 'bool' && x.dtype !== 'int32')) return null;
    if (sizeOf(x.shape) < MIN_NATIVE_ELEMENTS) return null;
    const values = args.backend.data.get(x.dataId).values;
    if (!(values instanceof Uint8Array || values instanceof Int32Array)) return null;
    const out = outputFloat32(values.length);
    out.set(values); // converts element by element in V8's C++ (ToNumber, then to float32)
    return args.backend.makeTensorInfo([...x.shape], 'float32', out);
  },
};

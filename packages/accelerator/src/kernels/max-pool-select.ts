// HarmonizationMaxPoolSelect(x, v; pool attrs) -> [n,oh,ow,c]: v at each max-pool window's first
// strict maximum of x. Not a tfjs kernel: it is d/d(dy) of MaxPoolGrad, which a harmonized
// (second-order) step evaluates for every max pool. @harmonization/core-loss builds it from ~40
// ops (padded window taps, Equal, running masks) and calls this kernel instead when the active
// backend has one registered under this name.
import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelFunc, MaxPoolAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { allFloatValues, type CpuBackendLike, floatValues, sizeOf } from '../cpu-tensors';
import { convGeometry, nativeConvGeometry } from '../geometry';
import type { AcceleratedKernel } from './native-kernel';
import { outputFloat32 } from '../output-pool';

/** The kernel name @harmonization/core-loss looks up (keep the two in step). */
export const MAX_POOL_SELECT = 'HarmonizationMaxPoolSelect';

type Shape4 = [number, number, number, number];

function info(x: TensorInfo, attrs: MaxPoolAttrs): backend_util.Conv2DInfo | null {
  if (x.shape.length !== 4 || x.dtype !== 'float32') return null;
  const { filterSize, strides, pad, dimRoundingMode } = attrs;
  const i = backend_util.computePool2DInfo(x.shape as Shape4, filterSize, strides, 1, pad, dimRoundingMode);
  return nativeConvGeometry(i) ? i : null;
}

/** Plain JS implementation, same semantics: the fallback for what the native path declines. */
export const maxPoolSelectReference: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, v } = inputs as { x: TensorInfo; v: TensorInfo };
  const b = backend as unknown as CpuBackendLike;
  const a = attrs as unknown as MaxPoolAttrs;
  const { filterSize, strides, pad, dimRoundingMode } = a;
  const g = backend_util.computePool2DInfo(x.shape as Shape4, filterSize, strides, 1, pad, dimRoundingMode);
  const xs = floatValues(b, x) ?? new Float32Array(sizeOf(x.shape));
  const vs = floatValues(b, v) ?? new Float32Array(sizeOf(v.shape));
  const out = outputFloat32(sizeOf(g.outShape));
  const { inHeight: h, inWidth: w, inChannels: c } = g;
  let o = 0;
  for (let n = 0; n < g.batchSize; n++) {
    const base = n * h * w * c;
    for (let yo = 0; yo < g.outHeight; yo++) {
      const ry = yo * g.strideHeight - g.padInfo.top;
      for (let xo = 0; xo < g.outWidth; xo++) {
        const rx = xo * g.strideWidth - g.padInfo.left;
        for (let ch = 0; ch < c; ch++, o++) {
          let best = -Infinity;
          let pos = -1;
          for (let y = Math.max(0, ry); y < Math.min(h, ry + g.filterHeight); y++) {
            for (let xx = Math.max(0, rx); xx < Math.min(w, rx + g.filterWidth); xx++) {
              const p = base + (y * w + xx) * c + ch;
              if (xs[p]! > best) {
                best = xs[p]!;
                pos = p;
              }
            }
          }
          out[o] = pos >= 0 ? vs[pos]! : 0;
        }
      }
    }
  }
  return b.makeTensorInfo(g.outShape, 'float32', out);
};

export const maxPoolSelectKernel: AcceleratedKernel = {
  kernelName: MAX_POOL_SELECT,
  reference: maxPoolSelectReference,
  body: (args, native) => {
    const { x, v } = args.inputs as { x: TensorInfo; v: TensorInfo };
    const g = info(x, args.attrs as unknown as MaxPoolAttrs);
    const values = allFloatValues(args.backend, [x, v]);
    if (!g || !values || v.shape.join() !== x.shape.join()) return null;
    const out = outputFloat32(sizeOf(g.outShape));
    native.maxPoolSelect(values[0]!, values[1]!, out, convGeometry(g));
    return args.backend.makeTensorInfo(g.outShape, 'float32', out);
  },
};

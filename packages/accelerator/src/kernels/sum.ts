// Sum and Mean over axes without the stock kernel's transpose: any axes that form one contiguous block
// (after dropping size-1 dims), i.e. x viewed as [outer, reduce, inner]. Other patterns fall back.
import { backend_util, util } from '@tensorflow/tfjs-core';
import type { SumAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { allFloatValues, sizeOf } from '../cpu-tensors';
import { MIN_NATIVE_ELEMENTS } from './elementwise';
import type { AcceleratedKernel } from './native-kernel';
import { outputFloat32 } from '../output-pool';

/** [outer, reduce, inner] for `axes` of `shape`, or null when the reduced dims are not one block. */
export function reductionBlocks(shape: readonly number[], axes: readonly number[]): [number, number, number] | null {
  const reduced = new Set(axes);
  let outer = 1, reduce = 1, inner = 1;
  let phase = 0; // 0: before the reduced block, 1: inside, 2: after
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d]!;
    if (n === 1) continue;
    if (reduced.has(d)) {
      if (phase === 2) return null;
      phase = 1;
      reduce *= n;
    } else if (phase === 0) {
      outer *= n;
    } else {
      phase = 2;
      inner *= n;
    }
  }
  return [outer, reduce, inner];
}

function reduction(kernelName: 'Sum' | 'Mean'): AcceleratedKernel {
  return { kernelName, body: (args, native) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as SumAttrs;
    if (sizeOf(x.shape) < MIN_NATIVE_ELEMENTS) return null;
    const axes = util.parseAxisParam(axis, x.shape);
    if (axes.length === 0) return null;
    const blocks = reductionBlocks(x.shape, axes);
    const values = allFloatValues(args.backend, [x]);
    if (!blocks || !values) return null;
    const [outShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
    const shape = keepDims ? backend_util.expandShapeToKeepDim(outShape, axes) : outShape;
    const out = outputFloat32(blocks[0] * blocks[2]);
    native.sumReduce(values[0]!, out, blocks[0], blocks[1], blocks[2], kernelName === 'Mean' ? 1 / blocks[1] : 1);
    return args.backend.makeTensorInfo(shape, 'float32', out);
  } };
}

export const sumKernel = reduction('Sum');
/** Mean = Sum / reduce size (the stock kernel divides first, then sums: same to float rounding). */
export const meanKernel = reduction('Mean');

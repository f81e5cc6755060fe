// Element-wise float32 kernels (binary with broadcasting, and a few unary ones). Tiny tensors
// stay on the stock kernels: a native call does not pay below a few hundred elements.
import { broadcast_util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { allFloatValues, sizeOf } from '../cpu-tensors';
import type { AcceleratedKernel } from './native-kernel';
import { outputFloat32, outputUint8 } from '../output-pool';

/** Below this many output elements the stock JS kernel is as fast. */
export const MIN_NATIVE_ELEMENTS = 512;

const BINARY_OPS = { Add: 0, Sub: 1, Multiply: 2, RealDiv: 3, SquaredDifference: 4, Maximum: 5, Minimum: 6 } as const;
const UNARY_OPS = { Relu: 0, Step: 1, Neg: 2, Square: 3 } as const;

function rightAligned(shape: readonly number[], rank: number): Int32Array {
  const out = new Int32Array(rank).fill(1);
  out.set(shape, rank - shape.length);
  return out;
}

interface BroadcastOperands {
  outShape: number[];
  size: number;
  a: { values: Float32Array; shape: Int32Array };
  b: { values: Float32Array; shape: Int32Array };
}

/**
 * The two float32 inputs of a broadcasting kernel, shapes right-aligned to the output's rank, or
 * null when the stock kernel should run (shape error to report, tiny output, non-float data).
 */
function broadcastOperands(args: Parameters<AcceleratedKernel['body']>[0]): BroadcastOperands | null {
  const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
  let outShape: number[];
  try {
    outShape = broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
  } catch {
    return null; // the stock kernel throws the shape error
  }
  const size = sizeOf(outShape);
  if (size < MIN_NATIVE_ELEMENTS) return null;
  const values = allFloatValues(args.backend, [a, b]);
  if (!values) return null;
  const rank = outShape.length;
  return {
    outShape,
    size,
    a: { values: values[0]!, shape: rightAligned(a.shape, rank) },
    b: { values: values[1]!, shape: rightAligned(b.shape, rank) },
  };
}

function binaryKernel(kernelName: keyof typeof BINARY_OPS): AcceleratedKernel {
  const op = BINARY_OPS[kernelName];
  return {
    kernelName,
    body: (args, native) => {
      const o = broadcastOperands(args);
      if (!o) return null;
      const out = outputFloat32(o.size);
      native.binaryOp(op, o.a.values, o.a.shape, o.b.values, o.b.shape, out, Int32Array.from(o.outShape));
      return args.backend.makeTensorInfo(o.outShape, 'float32', out);
    },
  };
}

const COMPARE_OPS = { Greater: 0, GreaterEqual: 1, Less: 2, LessEqual: 3, Equal: 4, NotEqual: 5 } as const;

/** Comparisons of two float32 tensors with broadcasting; bool output (0/1 bytes). */
function compareKernel(kernelName: keyof typeof COMPARE_OPS): AcceleratedKernel {
  const op = COMPARE_OPS[kernelName];
  return {
    kernelName,
    body: (args, native) => {
      const o = broadcastOperands(args);
      if (!o) return null;
      const out = outputUint8(o.size);
      native.compareOp(op, o.a.values, o.a.shape, o.b.values, o.b.shape, out, Int32Array.from(o.outShape));
      return args.backend.makeTensorInfo(o.outShape, 'bool', out);
    },
  };
}

function unaryKernel(kernelName: keyof typeof UNARY_OPS): AcceleratedKernel {
  const op = UNARY_OPS[kernelName];
  return {
    kernelName,
    body: (args, native) => {
      const { x } = args.inputs as { x: TensorInfo };
      if (sizeOf(x.shape) < MIN_NATIVE_ELEMENTS) return null;
      const values = allFloatValues(args.backend, [x]);
      if (!values) return null;
      const out = outputFloat32(values[0]!.length);
      const alpha = kernelName === 'Step' ? Number((args.attrs as { alpha?: number }).alpha ?? 0) : 0;
      native.unaryOp(op, values[0]!, out, alpha);
      return args.backend.makeTensorInfo([...x.shape], 'float32', out);
    },
  };
}

export const addKernel = binaryKernel('Add');
export const subKernel = binaryKernel('Sub');
export const multiplyKernel = binaryKernel('Multiply');
export const realDivKernel = binaryKernel('RealDiv');
export const squaredDifferenceKernel = binaryKernel('SquaredDifference');
export const maximumKernel = binaryKernel('Maximum');
export const minimumKernel = binaryKernel('Minimum');
export const greaterKernel = compareKernel('Greater');
export const greaterEqualKernel = compareKernel('GreaterEqual');
export const lessKernel = compareKernel('Less');
export const lessEqualKernel = compareKernel('LessEqual');
export const equalKernel = compareKernel('Equal');
export const notEqualKernel = compareKernel('NotEqual');
export const reluKernel = unaryKernel('Relu');
export const stepKernel = unaryKernel('Step');
export const negKernel = unaryKernel('Neg');
export const squareKernel = unaryKernel('Square');

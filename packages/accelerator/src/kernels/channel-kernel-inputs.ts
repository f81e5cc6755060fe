// Input handling shared by the per-channel (batch-norm) kernels: x [..., C], full-size inputs
// shaped like x, per-channel statistics; the epsilon attribute; the float32 arrays the native
// body reads.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { floatValues } from '../cpu-tensors';
import type { KernelArgs } from './native-kernel';

export interface ChannelShape {
  /** Elements of x, channels (x's last dimension). */
  n: number;
  c: number;
}

export function describeTensor(t: TensorInfo | undefined): string {
  return t == null ? 'nothing' : `${t.dtype} [${t.shape.join(',')}]`;
}

/** Throws in the kernel's voice unless every input in `full` is float32 with x's shape. */
export function checkShapedLikeX(kernel: string, inputs: Record<string, TensorInfo | undefined>, x: TensorInfo, full: readonly string[]): void {
  for (const name of full) {
    const t = inputs[name];
    if (t == null || t.dtype !== 'float32' || t.shape.join() !== x.shape.join()) {
      throw new Error(`Error in ${kernel}: ${name} must be float32 with x's shape [${x.shape.join(',')}], got ${describeTensor(t)}.`);
    }
  }
}

export function epsilonOf(args: { attrs?: unknown }): number {
  const eps = (args.attrs as { varianceEpsilon?: number } | undefined)?.varianceEpsilon;
  return eps ?? 0.001;
}

/**
 * Float32 values of x and the named inputs with x's size and channels, or null when any cannot
 * go native: `check` throws for bad shapes (the reference kernel reports them), floatValues
 * declines other data.
 */
export function nativeInputs(
  args: KernelArgs,
  check: (inputs: Record<string, TensorInfo | undefined>) => ChannelShape,
  names: readonly string[],
): (ChannelShape & { v: Record<string, Float32Array> }) | null {
  const inputs = args.inputs as Record<string, TensorInfo>;
  let shape: ChannelShape;
  try {
    shape = check(inputs);
  } catch {
    return null;
  }
  const v: Record<string, Float32Array> = {};
  for (const name of ['x', ...names]) {
    const values = floatValues(args.backend, inputs[name]);
    if (!values) return null;
    v[name] = values;
  }
  return { ...shape, v };
}

import * as tf from '@tensorflow/tfjs-core';
import { zeroGrad } from './grad-util';

/**
 * Kernels whose output is piecewise constant in their inputs (comparisons, logical ops,
 * rounding, sign, masks): their gradient is zero almost everywhere. Stock tfjs 4.22 registers
 * none for the comparisons and logical ops, yet its own Relu6, LeakyRelu and Max gradients call
 * them, so a second backward pass failed with "gradient function not found for LessEqual".
 * One config shape serves them all, hence one file.
 */
const ZERO_GRADIENT_KERNELS: ReadonlyArray<readonly [string, readonly string[]]> = [
  [tf.Equal, ['a', 'b']],
  [tf.NotEqual, ['a', 'b']],
  [tf.Greater, ['a', 'b']],
  [tf.GreaterEqual, ['a', 'b']],
  [tf.Less, ['a', 'b']],
  [tf.LessEqual, ['a', 'b']],
  [tf.LogicalAnd, ['a', 'b']],
  [tf.LogicalOr, ['a', 'b']],
  [tf.LogicalNot, ['x']],
  [tf.Sign, ['x']],
  [tf.Step, ['x']],
  [tf.Floor, ['x']],
  [tf.Ceil, ['x']],
  [tf.Round, ['x']],
  [tf.IsNan, ['x']],
  [tf.IsInf, ['x']],
  [tf.IsFinite, ['x']],
  [tf.ZerosLike, ['x']],
  [tf.OnesLike, ['x']],
  [tf.ArgMax, ['x']],
  [tf.ArgMin, ['x']],
];

function zeroGradConfig(kernelName: string, inputNames: readonly string[]): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: [...inputNames],
    gradFunc: (_dy, saved) => {
      const out: Record<string, () => tf.Tensor> = {};
      inputNames.forEach((name, i) => {
        out[name] = () => zeroGrad(saved[i] as tf.Tensor);
      });
      return out;
    },
  };
}

/** Zero-gradient configs for the comparison, logical and rounding kernels. */
export const zeroGradConfigs: readonly tf.GradConfig[] = ZERO_GRADIENT_KERNELS.map(([k, inputs]) => zeroGradConfig(k, inputs));

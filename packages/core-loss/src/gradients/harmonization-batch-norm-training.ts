import * as tf from '@tensorflow/tfjs-core';
import { BATCH_NORM_TRAINING_GRAD_KERNEL, BATCH_NORM_TRAINING_KERNEL } from './batch-norm-training-kernels';
import { runKernel } from './grad-util';

/**
 * HarmonizationBatchNormTraining (batch-norm-training-kernels.ts): its gradient is one
 * HarmonizationBatchNormTrainingGrad call with the op's own batch statistics. The mean and
 * variance outputs are constants of the tape (they feed running statistics, not the loss), so
 * the gradients reaching them are ignored. The kernel runs once, here, and each closure hands out
 * one of its outputs (the backward scope disposes those no input asks for).
 */
export const harmonizationBatchNormTrainingGradConfig: tf.GradConfig = {
  kernelName: BATCH_NORM_TRAINING_KERNEL,
  inputsToSave: ['x', 'scale'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [x, scale, mean, variance] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const dy = (dys as tf.Tensor[])[0]!;
    const { varianceEpsilon } = attrs as unknown as { varianceEpsilon: number };
    const out = runKernel(BATCH_NORM_TRAINING_GRAD_KERNEL, { dy, x, scale, mean, variance }, { varianceEpsilon }) as unknown as tf.Tensor[];
    const [dx, dscale, doffset] = out as [tf.Tensor, tf.Tensor, tf.Tensor];
    return { x: () => dx, scale: () => dscale, offset: () => doffset };
  },
};

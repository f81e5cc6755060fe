import * as tf from '@tensorflow/tfjs-core';
import { BATCH_NORM_TRAINING_GRAD_GRAD_KERNEL, BATCH_NORM_TRAINING_GRAD_KERNEL } from './batch-norm-training-kernels';
import { runKernel, zeroGrad } from './grad-util';

/**
 * HarmonizationBatchNormTrainingGrad (batchNormTraining's gradient): its gradient is one
 * HarmonizationBatchNormTrainingGradGrad call, which a harmonized step needs for every batch
 * norm. The tape passes zeros for outputs that received no gradient (in a saliency, dscale and
 * doffset). The kernel's d_x already holds the dependence of the batch statistics on x, so the
 * mean and variance inputs (constants: outputs of the forward kernel) get zeros of their [C].
 */
export const harmonizationBatchNormTrainingGradGradConfig: tf.GradConfig = {
  kernelName: BATCH_NORM_TRAINING_GRAD_KERNEL,
  inputsToSave: ['dy', 'x', 'scale', 'mean', 'variance'],
  gradFunc: (dys, saved, attrs) => {
    const [dy, x, scale, mean, variance] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const [gdx, gdscale, gdoffset] = dys as [tf.Tensor, tf.Tensor, tf.Tensor];
    const { varianceEpsilon } = attrs as unknown as { varianceEpsilon: number };
    const out = runKernel(
      BATCH_NORM_TRAINING_GRAD_GRAD_KERNEL,
      { dy, x, scale, mean, variance, gdx, gdscale, gdoffset },
      { varianceEpsilon },
    ) as unknown as tf.Tensor[];
    const [ddy, dx, dscale] = out as [tf.Tensor, tf.Tensor, tf.Tensor];
    return { dy: () => ddy, x: () => dx, scale: () => dscale, mean: () => zeroGrad(mean), variance: () => zeroGrad(variance) };
  },
};

import * as tf from '@tensorflow/tfjs-core';
import { BATCH_NORM_GRAD_GRAD_KERNEL, BATCH_NORM_GRAD_KERNEL } from './batch-norm-grad-kernels';
import { runKernel } from './grad-util';

/**
 * HarmonizationBatchNormGrad (FusedBatchNorm's one-kernel gradient, see batch-norm-grad-kernels.ts):
 * its gradient is one HarmonizationBatchNormGradGrad call, which a harmonized step needs for every
 * batch norm. The tape passes zeros for outputs that received no gradient (in a saliency, dscale
 * and doffset). The kernel runs once, here, and each closure hands out one of its outputs (the
 * backward scope disposes those no input asks for).
 */
export const harmonizationBatchNormGradGradConfig: tf.GradConfig = {
  kernelName: BATCH_NORM_GRAD_KERNEL,
  inputsToSave: ['dy', 'x', 'mean', 'variance', 'scale'],
  gradFunc: (dys, saved, attrs) => {
    const [dy, x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const [gdx, gmean, gvariance, gscale, goffset] = dys as tf.Tensor[];
    const { varianceEpsilon } = attrs as unknown as { varianceEpsilon: number };
    const out = runKernel(
      BATCH_NORM_GRAD_GRAD_KERNEL,
      { dy, x, mean, variance, scale, gdx: gdx!, gmean: gmean!, gvariance: gvariance!, gscale: gscale!, goffset: goffset! },
      { varianceEpsilon },
    ) as unknown as tf.Tensor[];
    const [ddy, dx, dmean, dvariance, dscale] = out as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    return { dy: () => ddy, x: () => dx, mean: () => dmean, variance: () => dvariance, scale: () => dscale };
  },
};

import type * as tf from '@tensorflow/tfjs-core';
import { BATCH_NORM_GRAD_GRAD_KERNEL } from './batch-norm-grad-kernels';

/**
 * HarmonizationBatchNormGradGrad is already FusedBatchNorm's second derivative; a harmonized
 * step never differentiates it. Anything that does gets one clear sentence instead of tfjs's
 * "gradient function not found".
 */
export const harmonizationBatchNormGradGradGradConfig: tf.GradConfig = {
  kernelName: BATCH_NORM_GRAD_GRAD_KERNEL,
  gradFunc: () => {
    throw new Error(
      `Error in ${BATCH_NORM_GRAD_GRAD_KERNEL}: third derivatives of batch norm are not supported by this kernel ` +
        '(it is the second derivative of FusedBatchNorm); disable the backend kernel (e.g. @harmonization/accelerator) to differentiate further.',
    );
  },
};

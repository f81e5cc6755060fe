import type * as tf from '@tensorflow/tfjs-core';
import { BATCH_NORM_TRAINING_GRAD_GRAD_KERNEL } from './batch-norm-training-kernels';

/**
 * HarmonizationBatchNormTrainingGradGrad is already batchNormTraining's second derivative; a
 * harmonized step never differentiates it. Anything that does gets one clear sentence instead of
 * tfjs's "gradient function not found".
 */
export const harmonizationBatchNormTrainingGradGradGradConfig: tf.GradConfig = {
  kernelName: BATCH_NORM_TRAINING_GRAD_GRAD_KERNEL,
  gradFunc: () => {
    throw new Error(
      `Error in ${BATCH_NORM_TRAINING_GRAD_GRAD_KERNEL}: third derivatives of batch norm are not supported by this kernel ` +
        '(it is the second derivative of batchNormTraining); disable the backend kernel (e.g. @harmonization/accelerator) to differentiate further.',
    );
  },
};

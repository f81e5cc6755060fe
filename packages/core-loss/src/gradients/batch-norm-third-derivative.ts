import type * as tf from '@tensorflow/tfjs-core';
import { BATCH_NORM_GRAD_GRAD_KERNEL } from './batch-norm-grad-kernels';
import { BATCH_NORM_TRAINING_GRAD_GRAD_KERNEL } from './batch-norm-training-kernels';

/**
 * The second-derivative batch-norm kernels are never differentiated by a harmonized step.
 * Anything that does gets one clear sentence instead of tfjs's "gradient function not found".
 */
function thirdDerivativeUnsupported(kernelName: string, secondDerivativeOf: string): tf.GradConfig {
  return {
    kernelName,
    gradFunc: () => {
      throw new Error(
        `Error in ${kernelName}: third derivatives of batch norm are not supported by this kernel ` +
          `(it is the second derivative of ${secondDerivativeOf}); disable the backend kernel (e.g. @harmonization/accelerator) to differentiate further.`,
      );
    },
  };
}

export const harmonizationBatchNormGradGradGradConfig = thirdDerivativeUnsupported(BATCH_NORM_GRAD_GRAD_KERNEL, 'FusedBatchNorm');
export const harmonizationBatchNormTrainingGradGradGradConfig = thirdDerivativeUnsupported(BATCH_NORM_TRAINING_GRAD_GRAD_KERNEL, 'batchNormTraining');

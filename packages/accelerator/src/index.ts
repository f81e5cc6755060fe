export { ACCELERATED_KERNEL, acceleratorStatus, disableCpuAccelerator, enableCpuAccelerator } from './accelerator';
export type { AcceleratorOptions, AcceleratorStatus } from './accelerator';
export { ACCELERATED_KERNELS } from './accelerated-kernels';
export { loadNative } from './load-native';
export type { NativeAddon, NativeLoad } from './load-native';
export { MAX_POOL_SELECT, maxPoolSelectReference } from './kernels/max-pool-select';
export {
  BATCH_NORM_GRAD,
  BATCH_NORM_GRAD_GRAD,
  batchNormGradReference,
  batchNormGradGradReference,
} from './kernels/batch-norm-grad';
export {
  BATCH_NORM_TRAINING,
  BATCH_NORM_TRAINING_GRAD,
  BATCH_NORM_TRAINING_GRAD_GRAD,
  batchNormTrainingReference,
  batchNormTrainingGradReference,
  batchNormTrainingGradGradReference,
} from './kernels/batch-norm-training';

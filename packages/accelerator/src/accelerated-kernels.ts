// Every kernel the accelerator replaces on the cpu backend.
import { batchMatMulKernel } from './kernels/batch-mat-mul';
import { castKernel } from './kernels/cast';
import { fusedBatchNormKernel } from './kernels/batch-norm';
import { batchNormGradGradKernel, batchNormGradKernel } from './kernels/batch-norm-grad';
import { batchNormTrainingGradGradKernel, batchNormTrainingGradKernel, batchNormTrainingKernel } from './kernels/batch-norm-training';
import { conv2dBackpropFilterKernel, conv2dBackpropInputKernel, conv2dKernel } from './kernels/conv2d';
import {
  depthwiseConv2dBackpropFilterKernel,
  depthwiseConv2dBackpropInputKernel,
  depthwiseConv2dKernel,
} from './kernels/depthwise-conv2d';
import { padV2Kernel, sliceKernel, tileKernel } from './kernels/copy';
import {
  addKernel,
  equalKernel,
  greaterEqualKernel,
  greaterKernel,
  lessEqualKernel,
  lessKernel,
  notEqualKernel,
  maximumKernel,
  minimumKernel,
  multiplyKernel,
  negKernel,
  realDivKernel,
  reluKernel,
  squaredDifferenceKernel,
  squareKernel,
  stepKernel,
  subKernel,
} from './kernels/elementwise';
import { fusedConv2dKernel, fusedDepthwiseConv2dKernel, fusedMatMulKernel } from './kernels/fused';
import type { AcceleratedKernel } from './kernels/native-kernel';
import { maxPoolSelectKernel } from './kernels/max-pool-select';
import { avgPoolGradKernel, avgPoolKernel, maxPoolGradKernel, maxPoolKernel } from './kernels/pool';
import { meanKernel, sumKernel } from './kernels/sum';

export const ACCELERATED_KERNELS: readonly AcceleratedKernel[] = [
  conv2dKernel,
  conv2dBackpropInputKernel,
  conv2dBackpropFilterKernel,
  fusedConv2dKernel,
  depthwiseConv2dKernel,
  depthwiseConv2dBackpropInputKernel,
  depthwiseConv2dBackpropFilterKernel,
  fusedDepthwiseConv2dKernel,
  batchMatMulKernel,
  fusedMatMulKernel,
  maxPoolKernel,
  maxPoolGradKernel,
  avgPoolKernel,
  avgPoolGradKernel,
  maxPoolSelectKernel,
  fusedBatchNormKernel,
  batchNormGradKernel,
  batchNormGradGradKernel,
  batchNormTrainingKernel,
  batchNormTrainingGradKernel,
  batchNormTrainingGradGradKernel,
  addKernel,
  subKernel,
  multiplyKernel,
  realDivKernel,
  squaredDifferenceKernel,
  maximumKernel,
  minimumKernel,
  reluKernel,
  stepKernel,
  negKernel,
  squareKernel,
  sumKernel,
  meanKernel,
  greaterKernel,
  greaterEqualKernel,
  lessKernel,
  lessEqualKernel,
  equalKernel,
  notEqualKernel,
  sliceKernel,
  padV2Kernel,
  tileKernel,
  castKernel,
];

// Every gradient this package registers, one config per file (the two third-derivative refusals share one).
import type * as tf from '@tensorflow/tfjs-core';
import { absGradConfig } from './abs';
import { addNGradConfig } from './add-n';
import { addGradConfig } from './add';
import { avgPoolGradGradConfig } from './avg-pool-grad';
import { avgPoolGradConfig } from './avg-pool';
import { batchMatMulGradConfig } from './batch-mat-mul';
import { harmonizationBatchNormGradGradGradConfig, harmonizationBatchNormTrainingGradGradGradConfig } from './batch-norm-third-derivative';
import { castGradConfig } from './cast';
import { clipByValueGradConfig } from './clip-by-value';
import { concatGradConfig } from './concat';
import { conv2DBackpropFilterGradConfig } from './conv2d-backprop-filter';
import { conv2DBackpropInputGradConfig } from './conv2d-backprop-input';
import { conv2DGradConfig } from './conv2d';
import { depthwiseConv2dNativeBackpropFilterGradConfig } from './depthwise-conv2d-native-backprop-filter';
import { depthwiseConv2dNativeBackpropInputGradConfig } from './depthwise-conv2d-native-backprop-input';
import { depthwiseConv2dNativeGradConfig } from './depthwise-conv2d-native';
import { eluGradGradConfig } from './elu-grad';
import { eluGradConfig } from './elu';
import { erfGradConfig } from './erf';
import { expGradConfig } from './exp';
import { expandDimsGradConfig } from './expand-dims';
import { fusedBatchNormGradConfig } from './fused-batch-norm';
import { harmonizationBatchNormTrainingGradConfig } from './harmonization-batch-norm-training';
import { harmonizationBatchNormTrainingGradGradConfig } from './harmonization-batch-norm-training-grad';
import { harmonizationBatchNormGradGradConfig } from './harmonization-batch-norm-grad';
import { identityGradConfig } from './identity';
import { leakyReluGradConfig } from './leaky-relu';
import { logGradConfig } from './log';
import { log1pGradConfig } from './log1p';
import { maxPoolGradGradConfig } from './max-pool-grad';
import { maxPoolGradConfig } from './max-pool';
import { maxGradConfig } from './max';
import { maximumGradConfig } from './maximum';
import { meanGradConfig } from './mean';
import { minGradConfig } from './min';
import { minimumGradConfig } from './minimum';
import { multiplyGradConfig } from './multiply';
import { negGradConfig } from './neg';
import { packGradConfig } from './pack';
import { padV2GradConfig } from './pad-v2';
import { powGradConfig } from './pow';
import { preluGradConfig } from './prelu';
import { realDivGradConfig } from './real-div';
import { reciprocalGradConfig } from './reciprocal';
import { reluGradConfig } from './relu';
import { relu6GradConfig } from './relu6';
import { reshapeGradConfig } from './reshape';
import { rsqrtGradConfig } from './rsqrt';
import { selectGradConfig } from './select';
import { sigmoidGradConfig } from './sigmoid';
import { sliceGradConfig } from './slice';
import { softmaxGradConfig } from './softmax';
import { softplusGradConfig } from './softplus';
import { splitVGradConfig } from './split-v';
import { sqrtGradConfig } from './sqrt';
import { squareGradConfig } from './square';
import { squaredDifferenceGradConfig } from './squared-difference';
import { stridedSliceGradConfig } from './strided-slice';
import { subGradConfig } from './sub';
import { sumGradConfig } from './sum';
import { tanhGradConfig } from './tanh';
import { tileGradConfig } from './tile';
import { transposeGradConfig } from './transpose';
import { unpackGradConfig } from './unpack';
import { zeroGradConfigs } from './zero-gradients';

/** All our gradient configs, in registration order. */
export const HARMONIZATION_GRAD_CONFIGS: readonly tf.GradConfig[] = [
  absGradConfig,
  addNGradConfig,
  addGradConfig,
  avgPoolGradGradConfig,
  avgPoolGradConfig,
  batchMatMulGradConfig,
  castGradConfig,
  clipByValueGradConfig,
  concatGradConfig,
  conv2DBackpropFilterGradConfig,
  conv2DBackpropInputGradConfig,
  conv2DGradConfig,
  depthwiseConv2dNativeBackpropFilterGradConfig,
  depthwiseConv2dNativeBackpropInputGradConfig,
  depthwiseConv2dNativeGradConfig,
  eluGradGradConfig,
  eluGradConfig,
  erfGradConfig,
  expGradConfig,
  expandDimsGradConfig,
  fusedBatchNormGradConfig,
  harmonizationBatchNormGradGradConfig,
  harmonizationBatchNormGradGradGradConfig,
  harmonizationBatchNormTrainingGradConfig,
  harmonizationBatchNormTrainingGradGradConfig,
  harmonizationBatchNormTrainingGradGradGradConfig,
  identityGradConfig,
  leakyReluGradConfig,
  logGradConfig,
  log1pGradConfig,
  maxPoolGradGradConfig,
  maxPoolGradConfig,
  maxGradConfig,
  maximumGradConfig,
  meanGradConfig,
  minGradConfig,
  minimumGradConfig,
  multiplyGradConfig,
  negGradConfig,
  packGradConfig,
  padV2GradConfig,
  powGradConfig,
  preluGradConfig,
  realDivGradConfig,
  reciprocalGradConfig,
  reluGradConfig,
  relu6GradConfig,
  reshapeGradConfig,
  rsqrtGradConfig,
  selectGradConfig,
  sigmoidGradConfig,
  sliceGradConfig,
  softmaxGradConfig,
  softplusGradConfig,
  splitVGradConfig,
  sqrtGradConfig,
  squareGradConfig,
  squaredDifferenceGradConfig,
  stridedSliceGradConfig,
  subGradConfig,
  sumGradConfig,
  tanhGradConfig,
  tileGradConfig,
  transposeGradConfig,
  unpackGradConfig,
  ...zeroGradConfigs,
];

export { standardizeCut, type StandardizeCutOptions } from './ops/standardize-cut';
export { pyramid, binomialKernel } from './ops/pyramid';
export { pyramidalMse, type PyramidalMseOptions } from './ops/pyramidal-mse';
export { saliency } from './ops/saliency';
export { crossEntropyWithLogits } from './ops/cross-entropy';
export { weightDecay, defaultWeightDecayFilter, type WeightDecayFilter } from './ops/weight-decay';
export { stopGradient } from './ops/stop-gradient';
export { batchNormTraining, type BatchNormTrainingResult } from './ops/batch-norm-training';
export {
  harmonizerLoss,
  harmonizedGradients,
  DEFAULT_HARMONIZER_OPTIONS,
  type HarmonizerOptions,
  type HarmonizerBatch,
  type HarmonizerLossTerms,
  type HarmonizerLossValues,
  type HarmonizedGradients,
} from './ops/harmonizer-loss';
export { trainStep, type TrainStepOptimizer } from './ops/train-step';
export { type HarmonizableModel, type LayersModelLike, type LogitsFunction } from './model';
export {
  registerHarmonizationGradients,
  ensureHarmonizationGradients,
  checkHarmonizationGradients,
  HARMONIZATION_GRADIENT_KERNELS,
} from './register-gradients';

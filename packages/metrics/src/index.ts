// @harmonization/metrics — human-alignment metrics, explainers, ClickMe evaluation and
// psychophysics for TensorFlow.js.

// Functional metrics.
export { spearman } from './functional/spearman';
export { dice, type OverlapOptions } from './functional/dice';
export { iou } from './functional/iou';
export { alignmentMetrics, type AlignmentMetrics } from './functional/alignment-metrics';
export {
  alignmentScore,
  HUMAN_SPEARMAN_CEILING,
  type AlignmentScoreOptions,
  type AlignmentScoreInterval,
  type BootstrapOptions,
} from './functional/alignment-score';
export type { MapsInput } from './internal/map-batch';
export type { NanPolicy } from './internal/statistics';

// Stateful metrics.
export { MapMetric, type MetricResult, type MapMetricOptions } from './metric/map-metric';
export { Spearman } from './metric/spearman';
export { Dice } from './metric/dice';
export { IoU } from './metric/iou';
export { AlignmentScore, type AlignmentScoreResult } from './metric/alignment-score';

// Explainers: (images [N,H,W,C], labels) => maps [N,H,W].
export { saliency } from './explainers/saliency';
export { signedSaliency } from './explainers/signed-saliency';
export { smoothGrad, type SmoothGradOptions } from './explainers/smooth-grad';
export { gradientTimesInput } from './explainers/gradient-times-input';
export { integratedGradients, type IntegratedGradientsOptions } from './explainers/integrated-gradients';
export type { Explainer, Labels, GradientExplainerOptions } from './explainers/gradients';
export type { ExplainerFactory } from './explainers/factory';
export type { Classifier, ClassifierFn, PredictModel } from './explainers/model';

// ClickMe evaluation.
export {
  evaluateClickMe,
  type EvaluateClickMeOptions,
  type ClickMeBatch,
  type ClickMeProgress,
  type ClickMeResult,
  type ClickMeSummary,
  type ModelWithPreprocess,
  type Preprocess,
} from './evaluation/evaluate-clickme';

// Psychophysics (Clicktionary revealed-pixel stimuli).
export {
  runPsychophysics,
  type RunPsychophysicsOptions,
  type PsychophysicsBatch,
  type PsychophysicsCurve,
} from './psychophysics/run-psychophysics';
export { humanCurve, minMaxNormalise, type HumanCurve } from './psychophysics/human-curve';
export { psychophysicsScore, type PsychophysicsScoreOptions, type PsychophysicsScore } from './psychophysics/psychophysics-score';
export { REVELATION_LEVELS, REVELATION_PERCENTAGES, ANIMAL_CLASSES } from './psychophysics/revelation-levels';
export { parseStimulusName, type StimulusName } from './psychophysics/stimulus-name';

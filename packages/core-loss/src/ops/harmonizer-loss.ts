import * as tf from '@tensorflow/tfjs-core';
import { resolveModel, type HarmonizableModel, type ResolvedModel } from '../model';
import { ensureHarmonizationGradients } from '../register-gradients';
import { assertRank, assertSameBatch, fail, shapeOf } from '../validate';
import { crossEntropyWithLogits } from './cross-entropy';
import { toMaps3d } from './map-shape';
import { pyramidalMse } from './pyramidal-mse';
import { checkImagesAndLabels, saliencyWithLogits } from './saliency';
import { standardizeCut } from './standardize-cut';
import { stopGradient } from './stop-gradient';
import { defaultWeightDecayFilter, weightDecay, type WeightDecayFilter } from './weight-decay';

export interface HarmonizerBatch {
  /** `[N,H,W,C]`, already preprocessed for the model. */
  images: tf.Tensor4D;
  /** `[N,K]` one-hot labels. */
  labels: tf.Tensor2D;
  /** `[N,H,W]` or `[N,H,W,1]` human importance maps (ClickMe heatmaps). */
  heatmaps: tf.Tensor;
  /** `[N]` 1 = the sample has a human map, 0 = it does not (mixed-in ImageNet). Default ones. */
  tokens?: tf.Tensor1D;
}

export interface HarmonizerOptions {
  /** Weight-decay coefficient. Default 1e-5. */
  lambdaWeights?: number;
  /** Harmonization (pyramidal MSE) coefficient. Default 1. */
  lambdaHarmonization?: number;
  /** Keras-style label smoothing of the cross-entropy. Default 0.1. */
  labelSmoothing?: number;
  /** Which variables get weight decay, by name. Default: the original's filter. */
  weightDecayFilter?: WeightDecayFilter;
  /** Pyramid levels averaged in the harmonization term. Default 5. */
  pyramidLevels?: number;
  /** Required when the model is a plain function; for a LayersModel, overrides trainableWeights. */
  variables?: readonly tf.Variable[];
}

export const DEFAULT_HARMONIZER_OPTIONS = Object.freeze({
  lambdaWeights: 1e-5,
  lambdaHarmonization: 1,
  labelSmoothing: 0.1,
  pyramidLevels: 5,
});

/** The loss and its three terms as scalar tensors. */
export interface HarmonizerLossTerms {
  total: tf.Scalar;
  crossEntropy: tf.Scalar;
  weightDecay: tf.Scalar;
  harmonization: tf.Scalar;
}

export type HarmonizerLossValues = { [K in keyof HarmonizerLossTerms]: number };

export interface HarmonizedGradients {
  loss: HarmonizerLossValues;
  /** One gradient per variable, in the order of `model.trainableWeights` (or `options.variables`). */
  grads: tf.Tensor[];
  /** The variables the gradients belong to, same order. */
  variables: tf.Variable[];
}

function checkBatch(fn: string, batch: HarmonizerBatch): tf.Tensor3D {
  const { images, labels, heatmaps, tokens } = batch;
  checkImagesAndLabels(fn, images, labels);
  const maps = toMaps3d(fn, 'heatmaps', heatmaps);
  assertSameBatch(fn, ['images', 'heatmaps'], images, heatmaps);
  if (maps.shape[1] !== images.shape[1] || maps.shape[2] !== images.shape[2]) {
    fail(fn, `heatmaps ${shapeOf(heatmaps)} must have the images' height and width, images are ${shapeOf(images)}.`);
  }
  if (tokens) {
    assertRank(fn, 'tokens', tokens, [1]);
    assertSameBatch(fn, ['images', 'tokens'], images, tokens);
  }
  return maps;
}

function lossTerms(fn: string, resolved: ResolvedModel, batch: HarmonizerBatch, options: HarmonizerOptions): HarmonizerLossTerms {
  const opts = { ...DEFAULT_HARMONIZER_OPTIONS, ...options };
  const heatmaps = checkBatch(fn, batch);
  const filter = opts.weightDecayFilter ?? defaultWeightDecayFilter;

  const { saliency, logits } = saliencyWithLogits(fn, resolved.logits, batch.images, batch.labels);
  const terms = tf.tidy(() => {
    const sa = standardizeCut(saliency);
    const hm = standardizeCut(heatmaps);
    // Bring the human map to the saliency's range; the saliency's max is a constant here.
    const saMax = stopGradient(tf.max(sa, [1, 2], true));
    const hmScaled = tf.mul(tf.div(hm, tf.add(tf.max(hm, [1, 2], true), 1e-6)), tf.add(saMax, 1e-6));
    const harmonization = pyramidalMse(sa, hmScaled, { tokens: batch.tokens, levels: opts.pyramidLevels });
    const crossEntropy = crossEntropyWithLogits(logits, batch.labels, opts.labelSmoothing);
    const decayed = resolved.variables.filter((_, i) => filter(resolved.names[i]!));
    const decay = weightDecay(decayed);
    const total = tf.addN([
      crossEntropy,
      tf.mul(decay, opts.lambdaWeights),
      tf.mul(harmonization, opts.lambdaHarmonization),
    ]) as tf.Scalar;
    return { total, crossEntropy, weightDecay: decay, harmonization };
  });
  saliency.dispose();
  logits.dispose();
  return terms;
}

/**
 * The harmonization loss of Fel et al. (the original's `harmonizer_loss`, SPEC §7.2):
 * cross-entropy with label smoothing + λ_w · weight decay + λ_h · pyramidal MSE between the
 * standardized training saliency and the standardized, range-matched human map.
 *
 * Call it inside `optimizer.minimize(() => harmonizerLoss(...).total)` or `tf.variableGrads`;
 * `harmonizedGradients` does that for you. Heatmaps may be `[N,H,W]` or `[N,H,W,1]` (the
 * original failed on the loader's `[N,H,W,1]`).
 */
export function harmonizerLoss(model: HarmonizableModel, batch: HarmonizerBatch, options: HarmonizerOptions = {}): HarmonizerLossTerms {
  const fn = 'harmonizerLoss';
  ensureHarmonizationGradients();
  return lossTerms(fn, resolveModel(fn, model, options.variables), batch, options);
}

/**
 * The loss values and the gradients of the total loss w.r.t. the model's trainable variables
 * (in `model.trainableWeights` order; zeros for a variable the loss does not depend on).
 * The caller owns (disposes or applies) `grads`.
 */
export function harmonizedGradients(model: HarmonizableModel, batch: HarmonizerBatch, options: HarmonizerOptions = {}): HarmonizedGradients {
  const fn = 'harmonizedGradients';
  ensureHarmonizationGradients();
  const resolved = resolveModel(fn, model, options.variables);
  const { variables } = resolved;
  let parts: [tf.Scalar, tf.Scalar, tf.Scalar] | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const terms = lossTerms(fn, resolved, batch, options);
    parts = [tf.keep(terms.crossEntropy), tf.keep(terms.weightDecay), tf.keep(terms.harmonization)];
    return terms.total;
  }, variables);
  const scalars = [value, ...parts!];
  // One read of the four numbers: each dataSync is a device round trip on GPU backends.
  const [total, crossEntropy, weightDecay, harmonization] = tf.tidy(() => tf.stack(scalars).dataSync());
  const loss: HarmonizerLossValues = { total: total!, crossEntropy: crossEntropy!, weightDecay: weightDecay!, harmonization: harmonization! };
  tf.dispose(scalars);
  return {
    loss,
    grads: variables.map((v) => grads[v.name] ?? tf.zerosLike(v)),
    variables,
  };
}

// A model and the preprocessing its inputs need. The original's evaluation defaulted to the
// identity and so scored the harmonized models on unnormalised pixels (SPEC §13.5): here the
// preprocessing is required, from the model itself or stated by the caller.
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { isClassifier, type Classifier } from '../explainers/model';
import { fail } from '../internal/validate';

/** Input preprocessing: RGB images `[N,H,W,3]` as the dataset gives them (ClickMe: [0, 255]) → model input. */
export type Preprocess = (images: Tensor4D) => Tensor;

/**
 * A model that comes with its preprocessing. Accepted shapes (duck-typed):
 * - `{ model: Classifier, preprocess: Preprocess }`;
 * - a `Classifier` (a tfjs `LayersModel`, or a function `(x) => logits`) that has a
 *   `preprocess` function property, as the zoo attaches to the models it creates.
 */
export type ModelWithPreprocess = { model: Classifier; preprocess: Preprocess } | (Classifier & { preprocess: Preprocess });

export function resolveModel(
  fn: string,
  model: Classifier | ModelWithPreprocess,
  preprocess: Preprocess | undefined,
): { classifier: Classifier; preprocess: Preprocess } {
  let classifier: unknown = model;
  let own: unknown;
  // A tfjs Sequential has a `model` property too: only a non-classifier object is a pair.
  if (typeof model === 'object' && model !== null && !isClassifier(model) && 'model' in model && isClassifier((model as { model: unknown }).model)) {
    classifier = (model as { model: Classifier }).model;
    own = (model as { preprocess?: unknown }).preprocess;
  } else if (model !== null && (typeof model === 'object' || typeof model === 'function')) {
    own = (model as { preprocess?: unknown }).preprocess;
  }
  if (!isClassifier(classifier)) {
    fail(fn, `model must be a tfjs LayersModel, a function (x) => logits, or {model, preprocess}, got ${model === null ? 'null' : typeof model}.`);
  }
  const chosen = preprocess ?? own;
  if (typeof chosen !== 'function') {
    fail(
      fn,
      'preprocess must be given: pass options.preprocess (the function the model expects its [0, 255] RGB input through; ' +
        '(x) => x only if it really takes raw pixels) or a model that carries its own preprocess (a zoo model, or {model, preprocess}), ' +
        `got ${chosen === undefined ? 'none' : typeof chosen}.`,
    );
  }
  return { classifier, preprocess: chosen as Preprocess };
}

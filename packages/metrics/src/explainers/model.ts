// What the explainers accept as a model, and one way to call it.
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';

/** Any function from an image batch `[N,H,W,C]` to logits `[N,K]`. */
export type ClassifierFn = (images: Tensor4D) => Tensor;

/** A tfjs `LayersModel` (or anything with the same `predict`). */
export interface PredictModel {
  predict(x: Tensor, config?: object): Tensor | Tensor[];
}

/** A tfjs `LayersModel`, or any function `(x: Tensor4D) => logits Tensor2D`. */
export type Classifier = ClassifierFn | PredictModel;

export function isClassifier(model: unknown): model is Classifier {
  return typeof model === 'function' || (typeof model === 'object' && model !== null && typeof (model as PredictModel).predict === 'function');
}

// What the explainers accept as a model, and one way to call it.
import type { Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';

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

/** The model as a function returning `[N,K]` logits (checked). */
export function logitsOf(fn: string, model: Classifier): (x: Tensor4D) => Tensor2D {
  const call = typeof model === 'function' ? model : (x: Tensor4D) => model.predict(x);
  return (x) => {
    const out = call(x);
    if (Array.isArray(out) || (out as Tensor).rank !== 2) {
      const got = Array.isArray(out) ? `${out.length} outputs` : `shape [${(out as Tensor).shape.join(',')}]`;
      throw new Error(`Error in ${fn}: the model must return one logits tensor [N,K], got ${got}.`);
    }
    return out as Tensor2D;
  };
}

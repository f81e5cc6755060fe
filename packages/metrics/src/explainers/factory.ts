// Remembers this package's explainer factories (saliency, smoothGrad, …) so that
// evaluateClickMe can tell a factory `(model, options) => explainer` from an explainer
// `(images, labels) => maps`: both are plain functions of two arguments.
import type { Explainer, GradientExplainerOptions } from './gradients';
import type { Classifier } from './model';

export type ExplainerFactory = (model: Classifier, options?: GradientExplainerOptions) => Explainer;

const factories = new WeakSet<object>();

export function markFactory<F extends (model: Classifier, options?: never) => Explainer>(factory: F): F {
  factories.add(factory);
  return factory;
}

export function isExplainerFactory(f: unknown): f is ExplainerFactory {
  return typeof f === 'function' && factories.has(f);
}

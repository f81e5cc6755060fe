import * as tf from '@tensorflow/tfjs-core';

// tfjs has no stop_gradient: an identity whose gradient is zero, as a custom gradient.
const identityWithoutGradient = tf.customGrad((x: tf.Tensor | tf.GradSaveFunc) => ({
  value: tf.clone(x as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
}));

/** `tf.stop_gradient`: the same values, no gradient flows back through it. */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return identityWithoutGradient(x) as T;
}

// Helpers shared by the custom layers: tfjs hands `call` either one tensor or a list.
import type * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '@tensorflow/tfjs-layers/dist/keras_format/common';

/** The single input tensor of a one-input layer. */
export function oneTensor(inputs: tf.Tensor | tf.Tensor[], layer: string): tf.Tensor {
  if (Array.isArray(inputs)) {
    if (inputs.length !== 1 || inputs[0] === undefined) {
      throw new Error(`Error in ${layer}: expected one input tensor, got ${inputs.length}.`);
    }
    return inputs[0];
  }
  return inputs;
}

/** The two input tensors of a two-input layer. */
export function twoTensors(inputs: tf.Tensor | tf.Tensor[], layer: string): [tf.Tensor, tf.Tensor] {
  if (!Array.isArray(inputs) || inputs.length !== 2 || inputs[0] === undefined || inputs[1] === undefined) {
    const n = Array.isArray(inputs) ? inputs.length : 1;
    throw new Error(`Error in ${layer}: expected two input tensors, got ${n}.`);
  }
  return [inputs[0], inputs[1]];
}

/** The single input shape of a one-input layer. */
export function oneShape(shape: Shape | Shape[], layer: string): Shape {
  if (shape.length > 0 && Array.isArray(shape[0])) {
    const list = shape as Shape[];
    if (list.length !== 1 || list[0] === undefined) {
      throw new Error(`Error in ${layer}: expected one input shape, got ${list.length}.`);
    }
    return list[0];
  }
  return shape as Shape;
}

/** The two input shapes of a two-input layer. */
export function twoShapes(shape: Shape | Shape[], layer: string): [Shape, Shape] {
  const list = shape as Shape[];
  if (!Array.isArray(list[0]) || list.length !== 2 || list[1] === undefined) {
    throw new Error(`Error in ${layer}: expected two input shapes, got ${JSON.stringify(shape)}.`);
  }
  return [list[0], list[1]];
}

/** A static dimension; custom layers here need every non-batch dimension known. */
export function dim(shape: Shape, axis: number, layer: string): number {
  const i = axis < 0 ? shape.length + axis : axis;
  const d = shape[i];
  if (typeof d !== 'number') {
    throw new Error(`Error in ${layer}: dimension ${axis} of the input must be known, got shape ${JSON.stringify(shape)}.`);
  }
  return d;
}

// What the loss accepts as a model: a tfjs LayersModel (structurally: `apply` + `trainableWeights`)
// or a plain function from images to logits together with an explicit variable list.
import type * as tf from '@tensorflow/tfjs-core';
import { fail } from './validate';

/** The part of a tfjs-layers `LayersModel` the loss uses. */
export interface LayersModelLike {
  // `unknown`: tfjs-layers declares SymbolicTensor results too; on concrete tensors it returns tensors.
  apply(inputs: tf.Tensor, kwargs?: { training?: boolean }): unknown;
  /** tfjs-layers' LayerVariable: `read()` is the underlying tf.Variable. */
  readonly trainableWeights: ReadonlyArray<{ read(): tf.Tensor; readonly name: string; readonly originalName?: string }>;
}

/** `[N,H,W,C]` images → `[N,K]` logits, built from tfjs ops on the given variables. */
export type LogitsFunction = (images: tf.Tensor4D) => tf.Tensor2D;

export type HarmonizableModel = LayersModelLike | LogitsFunction;

export interface ResolvedModel {
  logits: LogitsFunction;
  variables: tf.Variable[];
  /** Names the weight-decay filter sees (Keras-style layer/weight names for layers models). */
  names: string[];
}

function isLayersModel(model: HarmonizableModel): model is LayersModelLike {
  return typeof model === 'object' && model !== null && 'trainableWeights' in model && 'apply' in model;
}

export function resolveModel(fn: string, model: HarmonizableModel, variables?: readonly tf.Variable[]): ResolvedModel {
  if (isLayersModel(model)) {
    const weights = model.trainableWeights;
    const vars = variables ? [...variables] : weights.map((w) => w.read() as tf.Variable);
    const nameOf = new Map(weights.map((w) => [(w.read() as tf.Variable).name, w.originalName ?? w.name]));
    return {
      logits: (images) => {
        const out = model.apply(images, { training: true });
        if (Array.isArray(out)) fail(fn, `model must have one output (the logits), got ${out.length}.`);
        return out as tf.Tensor2D;
      },
      variables: vars,
      names: vars.map((v) => nameOf.get(v.name) ?? v.name),
    };
  }
  if (typeof model === 'function') {
    if (!variables || variables.length === 0) {
      fail(fn, 'options.variables must list the trainable variables when model is a plain function.');
    }
    return { logits: model, variables: [...variables], names: variables.map((v) => v.name) };
  }
  return fail(fn, 'model must be a tfjs LayersModel or a function (images) => logits.');
}

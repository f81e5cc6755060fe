// Test helper: the numpy-reference inputs of ../shared/fixtures/real/keras-h5 as tensors.
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';

export interface NumpyReference {
  input: { shape: number[]; u8?: number[]; data?: number[]; preprocess: string };
  output: { layer: string; shape: number[]; data: number[] };
  top5: Array<number | [number, number]>;
}

export function readReference(path: string): NumpyReference {
  return JSON.parse(readFileSync(path, 'utf8')) as NumpyReference;
}

/** The reference input after the preprocessing its file states. */
export function referenceInput(ref: NumpyReference): tf.Tensor {
  return tf.tidy(() => {
    const raw = ref.input.u8 ?? ref.input.data ?? [];
    const x = tf.tensor(Float32Array.from(raw), ref.input.shape);
    const pre = ref.input.preprocess;
    if (pre.startsWith('x = u8 / 255')) return tf.div(x, 255);
    if (pre.startsWith('x = u8 / 127.5 - 1')) return tf.sub(tf.div(x, 127.5), 1);
    if (pre.startsWith('x = (u8 / 255 - 0.5) * 2')) return tf.mul(tf.sub(tf.div(x, 255), 0.5), 2);
    if (pre.startsWith('x = float(u8)') || pre === 'none') return x;
    throw new Error(`Test setup: unknown preprocessing '${pre}'.`);
  });
}

/** Largest absolute difference between a tensor and reference numbers. */
export function maxAbsDiff(y: tf.Tensor, want: number[]): number {
  const got = y.dataSync();
  if (got.length !== want.length) return Infinity;
  let m = 0;
  for (let i = 0; i < got.length; i++) m = Math.max(m, Math.abs((got[i] as number) - (want[i] as number)));
  return m;
}

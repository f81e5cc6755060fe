import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { expectAgreesWithStock, randn } from '../test-utils/compare-with-stock';
import { describeNative, useCpu } from '../test-utils/native-suite';
import { reductionBlocks } from './sum';

const BROADCASTS: [number[], number[]][] = [
  [[4, 8, 8, 16], [4, 8, 8, 16]],
  [[4, 8, 8, 16], [16]], // bias add (one repeated row: the fast path)
  [[24], [3, 33, 17, 24]], // the row first, odd row count
  [[5, 7, 40], [1, 1, 40]],
  [[4, 8, 8, 16], [4, 1, 1, 16]], // per-image, per-channel
  [[4, 8, 8, 16], [4, 8, 8, 1]], // per-pixel
  [[4, 1, 8, 16], [1, 8, 1, 16]], // both broadcast
  [[2048], []], // scalar
  [[], [3, 700]],
  [[6, 1, 5], [1, 300, 1]],
];

describeNative('element-wise kernels agree with the stock cpu kernels', () => {
  beforeAll(useCpu);

  for (const [as, bs] of BROADCASTS) {
    it(`Add, Sub, Multiply, RealDiv, SquaredDifference, Maximum, Minimum on [${as}] and [${bs}]`, () => {
      const a = randn(as);
      const b = tf.add(randn(bs), 3); // keeps RealDiv away from 0
      expectAgreesWithStock(() => [
        tf.add(a, b), tf.sub(a, b), tf.mul(a, b), tf.div(a, b), tf.squaredDifference(a, b), tf.maximum(a, b), tf.minimum(a, b),
      ]);
      tf.dispose([a, b]);
    });
  }

  it('Relu, Step (alpha), Neg, Square, including NaN and ±0', () => {
    const x = tf.concat([randn([4000]), tf.tensor1d([NaN, 0, -0, Infinity, -Infinity])]);
    expectAgreesWithStock(() => [tf.relu(x), tf.step(x), tf.step(x, 0.3), tf.neg(x), tf.square(x)]);
    const [stock] = [tf.tidy(() => tf.relu(x))];
    expect(Number.isNaN(stock.dataSync()[4000])).toBe(true);
    tf.dispose([x, stock]);
  });

  it('Maximum and Minimum propagate NaN like Math.max / Math.min', () => {
    const a = tf.concat([randn([1000]), tf.tensor1d([NaN, 1, NaN])]);
    const b = tf.concat([randn([1000]), tf.tensor1d([1, NaN, NaN])]);
    expectAgreesWithStock(() => [tf.maximum(a, b), tf.minimum(a, b)]);
    tf.dispose([a, b]);
  });

  it('Sum and Mean over leading, trailing, middle and all axes, with keepDims', () => {
    const x = randn([4, 16, 16, 32]);
    expectAgreesWithStock(() => [
      tf.sum(x, [0, 1, 2]), // bias gradient
      tf.sum(x, [1, 2], true),
      tf.sum(x, -1),
      tf.sum(x),
      tf.sum(x, [1, 2, 3]),
      tf.sum(x, 0),
      tf.mean(x, [0, 1, 2]),
      tf.mean(x, [1, 2], true),
      tf.mean(x),
    ]);
    tf.dispose(x);
  });

  it('Sum over non-contiguous axes takes the stock path', () => {
    const x = randn([4, 16, 16, 32]);
    expectAgreesWithStock(() => tf.sum(x, [0, 2]), false);
    tf.dispose(x);
  });

  it('float32 tensors cast from bool or int32 (which share Uint8Array / Int32Array data) go native', () => {
    const x = randn([4, 16, 16, 8]);
    const mask = tf.cast(tf.greater(x, 0), 'float32');
    const ints = tf.cast(tf.range(0, 2048, 1, 'int32'), 'float32');
    expectAgreesWithStock(() => [tf.mul(x, mask), tf.mul(mask, x), tf.add(ints, tf.slice(tf.reshape(x, [-1]), 0, 2048)), tf.relu(tf.neg(mask))]);
    tf.dispose([x, mask, ints]);
  });

  it('int32 tensors take the stock path', () => {
    const a = tf.range(0, 4096, 1, 'int32');
    // (No Cast to float32 here: that one is native for int32, see cast.test.ts.)
    expectAgreesWithStock(() => tf.mul(a, a), false);
    tf.dispose(a);
  });
});

it('reductionBlocks views the axes as [outer, reduce, inner]', () => {
  expect(reductionBlocks([4, 16, 16, 32], [0, 1, 2])).toEqual([1, 1024, 32]);
  expect(reductionBlocks([4, 16, 16, 32], [3])).toEqual([1024, 32, 1]);
  expect(reductionBlocks([4, 1, 16, 32], [1, 2])).toEqual([4, 16, 32]);
  expect(reductionBlocks([4, 16, 16, 32], [0, 2])).toBeNull();
});

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, it } from 'vitest';
import { expectAgreesWithStock, randn } from '../test-utils/compare-with-stock';
import { describeNative, useCpu } from '../test-utils/native-suite';

describeNative('Slice, PadV2, Tile and comparisons agree with the stock cpu kernels', () => {
  beforeAll(useCpu);

  it('Slice: contiguous, strided 4-D windows, 6-D stride taps, int32', () => {
    const x = randn([2, 17, 17, 8]);
    const six = tf.reshape(randn([2, 8, 2, 8, 2, 8]), [2, 8, 2, 8, 2, 8]);
    const ints = tf.reshape(tf.range(0, 4096, 1, 'int32'), [8, 8, 64]);
    expectAgreesWithStock(() => [
      tf.slice(x, [1, 0, 0, 0], [1, -1, -1, -1]),
      tf.slice(x, [0, 1, 2, 0], [2, 15, 14, 8]),
      tf.slice(x, [0, 2, 2, 3], [2, 10, 11, 4]),
      tf.slice(six, [0, 0, 1, 0, 1, 0], [2, 8, 1, 8, 1, 8]),
      tf.cast(tf.slice(ints, [1, 2, 3], [6, 5, 40]), 'float32'),
    ]);
    tf.dispose([x, six, ints]);
  });

  it('PadV2 with a constant (including -Infinity) and int32', () => {
    const x = randn([2, 15, 13, 8]);
    const ints = tf.reshape(tf.range(0, 1024, 1, 'int32'), [32, 32]);
    expectAgreesWithStock(() => [
      tf.pad(x, [[0, 0], [1, 2], [2, 1], [0, 0]]),
      tf.pad(x, [[0, 0], [0, 1], [0, 1], [0, 0]], -Infinity),
      tf.pad(x, [[1, 1], [0, 0], [0, 0], [3, 0]], 2.5),
      tf.cast(tf.pad(ints, [[1, 0], [0, 3]], 7), 'float32'),
    ]);
    tf.dispose([x, ints]);
  });

  it('Tile over every axis', () => {
    const x = randn([2, 3, 5, 16]);
    // One source row ([1,1,1,C], as a reduced gradient broadcast back): row count odd and not a power of 2.
    const row = randn([1, 1, 1, 24]);
    const ints = tf.cast(tf.mul(randn([1, 40]), 100), 'int32');
    expectAgreesWithStock(() => [
      tf.tile(x, [1, 4, 4, 1]), tf.tile(x, [3, 1, 1, 2]), tf.tile(tf.reshape(x, [30, 16]), [2, 3]),
      tf.tile(row, [3, 7, 5, 1]), tf.tile(row, [2, 3, 3, 2]), tf.cast(tf.tile(ints, [37, 1]), 'float32'),
    ]);
    tf.dispose([x, row, ints]);
  });

  it('Greater, GreaterEqual, Less, LessEqual, Equal, NotEqual with broadcasting and NaN', () => {
    const a = tf.concat([tf.round(randn([2000])), tf.tensor1d([NaN, 0, 1])]);
    const b = tf.concat([tf.round(randn([2000])), tf.tensor1d([NaN, NaN, 1])]);
    const z = tf.scalar(0);
    expectAgreesWithStock(() =>
      [tf.greater(a, b), tf.greaterEqual(a, b), tf.less(a, b), tf.lessEqual(a, b), tf.equal(a, b), tf.notEqual(a, b), tf.greater(a, z)].map(
        (t) => tf.cast(t, 'float32'),
      ),
    );
    tf.dispose([a, b, z]);
  });
});

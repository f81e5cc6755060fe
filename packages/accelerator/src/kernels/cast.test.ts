import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { acceleratorStatus } from '../accelerator';
import { expectAgreesWithStock, randn } from '../test-utils/compare-with-stock';
import { describeNative, useCpu } from '../test-utils/native-suite';

const nativeCasts = () => acceleratorStatus().calls.native.Cast ?? 0;

describeNative('Cast to float32 agrees with the stock cpu kernel', () => {
  beforeAll(useCpu);

  it('bool masks and int32 (beyond 2^24, negative) become float32 values', () => {
    const x = randn([4, 16, 16, 8]);
    const big = tf.tensor1d(Array.from({ length: 1024 }, (_, i) => (i % 2 ? -1 : 1) * (16_777_216 + i * 3)), 'int32');
    const before = nativeCasts();
    expectAgreesWithStock(() => [tf.cast(tf.greater(x, 0), 'float32'), tf.cast(big, 'float32'), tf.mul(x, tf.cast(tf.less(x, 0.5), 'float32'))]);
    expect(nativeCasts() - before).toBe(3); // the accelerated run converted all three
    tf.dispose([x, big]);
  });

  it('leaves tiny tensors and other target types to the stock kernel', () => {
    const before = nativeCasts();
    const small = tf.tidy(() => tf.cast(tf.greater(tf.ones([8]), 0), 'float32').dataSync());
    const ints = tf.tidy(() => tf.cast(tf.fill([1024], 2.7), 'int32').dataSync());
    expect(Array.from(small)).toEqual(new Array(8).fill(1));
    expect(ints[0]).toBe(2);
    expect(nativeCasts()).toBe(before);
  });
});

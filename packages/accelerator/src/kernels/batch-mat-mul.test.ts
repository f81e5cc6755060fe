import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, it } from 'vitest';
import { expectAgreesWithStock, randn } from '../test-utils/compare-with-stock';
import { describeNative, useCpu } from '../test-utils/native-suite';

describeNative('BatchMatMul and fused kernels agree with the stock cpu kernels', () => {
  beforeAll(useCpu);

  it('matMul with every transpose combination, rank 2 and batched', () => {
    const a = randn([7, 13]);
    const b = randn([13, 5]);
    const a3 = randn([3, 7, 13]);
    const b3 = randn([3, 13, 5]);
    expectAgreesWithStock(() => [
      tf.matMul(a, b),
      tf.matMul(tf.transpose(a), b, true, false),
      tf.matMul(a, tf.transpose(b), false, true),
      tf.matMul(tf.transpose(a), tf.transpose(b), true, true),
      tf.matMul(a3, b3),
      tf.matMul(a3, tf.transpose(b3, [0, 2, 1]), false, true),
    ]);
    tf.dispose([a, b, a3, b3]);
  });

  it('batch broadcasting [1,m,k]·[4,k,n] and rank 4', () => {
    const a = randn([1, 6, 9]);
    const b = randn([4, 9, 3]);
    const a4 = randn([2, 3, 5, 4]);
    const b4 = randn([2, 3, 4, 6]);
    expectAgreesWithStock(() => [tf.matMul(a, b), tf.matMul(a4, b4)]);
    tf.dispose([a, b, a4, b4]);
  });

  it('fused matMul, conv2d and depthwise with bias and each activation', () => {
    const x = randn([2, 8, 8, 4]) as tf.Tensor4D;
    const f = randn([3, 3, 4, 6]) as tf.Tensor4D;
    const fd = randn([3, 3, 4, 2]) as tf.Tensor4D;
    const a = randn([5, 12]) as tf.Tensor2D;
    const w = randn([12, 6]) as tf.Tensor2D;
    const bias = randn([6]);
    const biasD = randn([8]);
    const alpha = tf.fill([6], 0.1);
    const alphaD = tf.fill([8], 0.1);
    const activations = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const;
    expectAgreesWithStock(() =>
      activations.flatMap((activation) => [
        tf.fused.matMul({ a, b: w, bias, activation, preluActivationWeights: activation === 'prelu' ? alpha : undefined, leakyreluAlpha: 0.3 }),
        tf.fused.conv2d({ x, filter: f, strides: 1, pad: 'same', bias, activation, preluActivationWeights: activation === 'prelu' ? alpha : undefined, leakyreluAlpha: 0.3 }),
        tf.fused.depthwiseConv2d({ x, filter: fd, strides: 2, pad: 'same', bias: biasD, activation, preluActivationWeights: activation === 'prelu' ? alphaD : undefined, leakyreluAlpha: 0.3 }),
      ]),
    );
    tf.dispose([x, f, fd, a, w, bias, biasD, alpha, alphaD]);
  });
});

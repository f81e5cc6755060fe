import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, it } from 'vitest';
import { expectAgreesWithStock, randn } from '../test-utils/compare-with-stock';
import { describeNative, useCpu } from '../test-utils/native-suite';

const CASES: { name: string; x: number[]; size: [number, number]; stride: [number, number]; pad: 'same' | 'valid' }[] = [
  { name: '2x2/2 valid', x: [3, 8, 8, 5], size: [2, 2], stride: [2, 2], pad: 'valid' },
  { name: '2x2/2 same, odd input', x: [2, 9, 7, 4], size: [2, 2], stride: [2, 2], pad: 'same' },
  { name: '3x3/2 same (ResNet stem)', x: [2, 16, 16, 6], size: [3, 3], stride: [2, 2], pad: 'same' },
  { name: '3x3/1 same', x: [2, 7, 7, 3], size: [3, 3], stride: [1, 1], pad: 'same' },
  { name: '2x2/1 valid', x: [1, 6, 6, 4], size: [2, 2], stride: [1, 1], pad: 'valid' },
];

describeNative('pooling kernels agree with the stock cpu kernels', () => {
  beforeAll(useCpu);

  for (const c of CASES) {
    it(`MaxPool, AvgPool and their gradients ${c.name}`, () => {
      // ReLU makes many exact ties (zeros): the gradient must pick the same window position.
      const x = tf.relu(randn(c.x)) as tf.Tensor4D;
      expectAgreesWithStock(() => {
        const maxOut = tf.maxPool(x, c.size, c.stride, c.pad);
        const avgOut = tf.avgPool(x, c.size, c.stride, c.pad);
        const dy = tf.reshape(tf.range(1, maxOut.size + 1), maxOut.shape);
        return [
          maxOut,
          avgOut,
          tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: maxOut },
            { filterSize: c.size, strides: c.stride, pad: c.pad } as never) as tf.Tensor,
          tf.engine().runKernel('AvgPoolGrad', { dy, input: x }, { filterSize: c.size, strides: c.stride, pad: c.pad } as never) as tf.Tensor,
        ];
      });
      x.dispose();
    });
  }
});

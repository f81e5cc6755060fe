import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, it } from 'vitest';
import { expectAgreesWithStock, randn } from '../test-utils/compare-with-stock';
import { describeNative, useCpu } from '../test-utils/native-suite';

const CASES: { name: string; x: [number, number, number, number]; f: [number, number, number, number]; stride: [number, number]; pad: 'same' | 'valid'; dilation?: [number, number] }[] = [
  { name: '3x3 s1 same, m=1', x: [2, 9, 8, 6], f: [3, 3, 6, 1], stride: [1, 1], pad: 'same' },
  { name: '3x3 s2 same, m=2', x: [2, 10, 10, 4], f: [3, 3, 4, 2], stride: [2, 2], pad: 'same' },
  { name: '5x5 s1 valid, m=3', x: [1, 9, 9, 3], f: [5, 5, 3, 3], stride: [1, 1], pad: 'valid' },
];

describeNative('depthwise kernels agree with the stock cpu kernels', () => {
  beforeAll(useCpu);

  for (const c of CASES) {
    it(`DepthwiseConv2dNative and both backprops ${c.name}`, () => {
      const x = randn(c.x) as tf.Tensor4D;
      const f = randn(c.f) as tf.Tensor4D;
      const dilations = c.dilation ?? [1, 1];
      const y = tf.depthwiseConv2d(x, f, c.stride, c.pad, 'NHWC', dilations);
      const dy = randn(y.shape);
      const attrs = { strides: c.stride, pad: c.pad, dilations, dimRoundingMode: undefined };
      expectAgreesWithStock(() => [
        tf.depthwiseConv2d(x, f, c.stride, c.pad, 'NHWC', dilations),
        tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: f }, { ...attrs, inputShape: c.x } as never) as tf.Tensor,
        tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...attrs, filterShape: c.f } as never) as tf.Tensor,
      ]);
      tf.dispose([x, f, y, dy]);
    });
  }

  it('dilation 2: forward native; backprops stay stock (they ignore dilations)', () => {
    const x = randn([2, 11, 11, 5]) as tf.Tensor4D;
    const f = randn([3, 3, 5, 1]) as tf.Tensor4D;
    expectAgreesWithStock(() => tf.depthwiseConv2d(x, f, 1, 'same', 'NHWC', 2));
    const dy = randn([2, 11, 11, 5]);
    const attrs = { strides: [1, 1], pad: 'same', dilations: [2, 2], dimRoundingMode: undefined };
    expectAgreesWithStock(
      () => tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: f }, { ...attrs, inputShape: x.shape } as never) as tf.Tensor,
      false,
    );
    tf.dispose([x, f, dy]);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { disableCpuAccelerator, enableCpuAccelerator } from '../accelerator';
import { loadNative } from '../load-native';
import { expectAgreesWithStock, randn } from '../test-utils/compare-with-stock';
import { describeNative, useCpu } from '../test-utils/native-suite';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  name: string;
  x: [number, number, number, number];
  f: [number, number, number, number];
  stride: [number, number];
  pad: Pad;
  dilation?: [number, number];
}

const CASES: Case[] = [
  { name: '3x3 s1 same', x: [3, 9, 11, 5], f: [3, 3, 5, 7], stride: [1, 1], pad: 'same' },
  { name: '3x3 s2 valid', x: [2, 10, 9, 4], f: [3, 3, 4, 6], stride: [2, 2], pad: 'valid' },
  { name: '5x5 s2 same, even input', x: [2, 12, 12, 3], f: [5, 5, 3, 8], stride: [2, 2], pad: 'same' },
  { name: '7x7 s2 same (ResNet stem)', x: [1, 16, 16, 3], f: [7, 7, 3, 4], stride: [2, 2], pad: 'same' },
  { name: '7x7 s2 same, RGB to 16 channels (few-channel GEMM input gradient)', x: [2, 16, 16, 3], f: [7, 7, 3, 16], stride: [2, 2], pad: 'same' },
  { name: '3x3 s1 same, RGB to 24 channels (few-channel GEMM input gradient)', x: [2, 9, 9, 3], f: [3, 3, 3, 24], stride: [1, 1], pad: 'same' },
  { name: '3x3 s1 same, 16 channels (oneDNN direct backward-data)', x: [2, 8, 8, 16], f: [3, 3, 16, 8], stride: [1, 1], pad: 'same' },
  { name: '1x1 s1 (GEMM only)', x: [2, 6, 5, 8], f: [1, 1, 8, 9], stride: [1, 1], pad: 'valid' },
  { name: '1x1 s2 projection', x: [2, 7, 7, 6], f: [1, 1, 6, 5], stride: [2, 2], pad: 'same' },
  { name: 'asymmetric strides 1x2', x: [1, 8, 9, 3], f: [3, 2, 3, 4], stride: [1, 2], pad: 'same' },
  { name: 'explicit padding', x: [2, 7, 8, 3], f: [3, 3, 3, 4], stride: [1, 1], pad: [[0, 0], [1, 2], [2, 0], [0, 0]] },
];

// Both convolution paths of this build: oneDNN (when built with it) and im2col + OpenBLAS.
const native = loadNative().addon;
const LIBRARIES = native ? (native.convolutionLibrary() === 'onednn' ? ['onednn', 'openblas'] as const : ['openblas'] as const) : [];

describeNative('Conv2D and its backprops agree with the stock cpu kernels', () => {
  beforeAll(useCpu);
  afterAll(() => {
    if (native) enableCpuAccelerator({ convolution: LIBRARIES[0] });
    disableCpuAccelerator();
  });

  for (const library of LIBRARIES) describe(`with ${library}`, () => {
  beforeAll(() => {
    enableCpuAccelerator({ convolution: library });
  });

  for (const c of CASES) {
    it(`Conv2D ${c.name}`, () => {
      const x = randn(c.x) as tf.Tensor4D;
      const f = randn(c.f) as tf.Tensor4D;
      expectAgreesWithStock(() => tf.conv2d(x, f, c.stride, c.pad));
      tf.dispose([x, f]);
    });

    it(`Conv2DBackpropInput and Conv2DBackpropFilter ${c.name}`, () => {
      const x = randn(c.x) as tf.Tensor4D;
      const f = randn(c.f) as tf.Tensor4D;
      const y = tf.conv2d(x, f, c.stride, c.pad);
      const dy = randn(y.shape) as tf.Tensor4D;
      expectAgreesWithStock(() => [
        tf.conv2dTranspose(dy, f, c.x, c.stride, c.pad),
        tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
          strides: c.stride, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: c.f,
        } as never) as tf.Tensor,
      ]);
      tf.dispose([x, f, y, dy]);
    });
  }

  it('Conv2D with dilation 2', () => {
    const x = randn([2, 11, 10, 3]) as tf.Tensor4D;
    const f = randn([3, 3, 3, 5]) as tf.Tensor4D;
    expectAgreesWithStock(() => tf.conv2d(x, f, 1, 'same', 'NHWC', 2));
    tf.dispose([x, f]);
  });

  it('first- and second-order gradients through conv2d (double backprop)', () => {
    const x = randn([2, 8, 8, 3]) as tf.Tensor4D;
    const f = randn([3, 3, 3, 4]) as tf.Tensor4D;
    const f2 = randn([3, 3, 4, 2]) as tf.Tensor4D;
    expectAgreesWithStock(() => {
      const net = (xx: tf.Tensor, ff: tf.Tensor) =>
        tf.sum(tf.square(tf.conv2d(tf.relu(tf.conv2d(xx as tf.Tensor4D, ff as tf.Tensor4D, 2, 'same')), f2, 1, 'same')));
      // The gradient w.r.t. the filter of a loss on the input gradient: Conv2DBackpropInput's gradient.
      const outer = tf.grad((ff: tf.Tensor) => tf.sum(tf.square(tf.grad((xx: tf.Tensor) => net(xx, ff))(x))));
      return [tf.grad((xx: tf.Tensor) => net(xx, f))(x), outer(f)];
    });
    tf.dispose([x, f, f2]);
  });

  it('NCHW convolutions take the stock path and still agree', () => {
    const x = randn([1, 3, 6, 6]) as tf.Tensor4D;
    const f = randn([3, 3, 3, 2]) as tf.Tensor4D;
    expectAgreesWithStock(() => tf.conv2d(x, f, 1, 'same', 'NCHW'), false);
    tf.dispose([x, f]);
  });
  });
});

// HarmonizationMaxPoolSelect: the one-pass kernel behind the second derivative of max pooling.
// It must give exactly what @harmonization/core-loss's op-built path gives (that path has the
// finite-difference proof in core-loss's gradient tests), ties included; its JS reference (the
// fallback) must agree with the native kernel.
import * as tf from '@tensorflow/tfjs-core';
import { registerHarmonizationGradients } from '@harmonization/core-loss';
import { beforeAll, expect, it } from 'vitest';
import { acceleratorStatus, enableCpuAccelerator } from '../accelerator';
import { expectAgreesWithStock, randn } from '../test-utils/compare-with-stock';
import { describeNative, useCpu } from '../test-utils/native-suite';
import { MAX_POOL_SELECT, maxPoolSelectReference } from './max-pool-select';

const CASES: { name: string; x: number[]; size: [number, number]; stride: [number, number]; pad: 'same' | 'valid' }[] = [
  { name: '2x2/2 valid (VGG)', x: [3, 8, 8, 5], size: [2, 2], stride: [2, 2], pad: 'valid' },
  { name: '2x2/2 same, odd input', x: [2, 9, 7, 4], size: [2, 2], stride: [2, 2], pad: 'same' },
  { name: '3x3/2 same (ResNet stem)', x: [2, 16, 16, 6], size: [3, 3], stride: [2, 2], pad: 'same' },
  { name: '3x3/1 same', x: [2, 7, 7, 3], size: [3, 3], stride: [1, 1], pad: 'same' },
];

const nativeSelects = () => acceleratorStatus().calls.native[MAX_POOL_SELECT] ?? 0;

describeNative('HarmonizationMaxPoolSelect', () => {
  beforeAll(async () => {
    await useCpu();
    registerHarmonizationGradients();
  });

  for (const c of CASES) {
    it(`d/d(dy) of MaxPoolGrad matches core-loss's op-built path, ${c.name}`, () => {
      // ReLU makes many exact ties (zeros): both must take the window's first maximum.
      const x = tf.relu(randn(c.x)) as tf.Tensor4D;
      const v = randn(c.x);
      const attrs = { filterSize: c.size, strides: c.stride, pad: c.pad };
      const y = tf.maxPool(x, c.size, c.stride, c.pad);
      const u = randn(y.shape);
      const before = nativeSelects();
      expectAgreesWithStock(() =>
        tf.grad((dy: tf.Tensor) => tf.sum(tf.mul(tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: y }, attrs as never) as tf.Tensor, v)))(u),
      );
      expect(nativeSelects()).toBe(before + 1);
      tf.dispose([x, v, y, u]);
    });
  }

  it('its JS reference (the fallback) agrees with the native kernel', () => {
    enableCpuAccelerator();
    for (const c of CASES) {
      const x = tf.relu(randn(c.x)) as tf.Tensor4D;
      const v = randn(c.x);
      const attrs = { filterSize: c.size, strides: c.stride, pad: c.pad };
      const native = tf.engine().runKernel(MAX_POOL_SELECT, { x, v }, attrs as never) as tf.Tensor;
      const info = maxPoolSelectReference({ inputs: { x, v }, backend: tf.backend(), attrs: attrs as never }) as tf.TensorInfo;
      const reference = tf.engine().makeTensorFromTensorInfo(info);
      expect(reference.shape).toEqual(native.shape);
      expect(Array.from(reference.dataSync())).toEqual(Array.from(native.dataSync()));
      tf.dispose([x, v, native, reference]);
    }
  });
});

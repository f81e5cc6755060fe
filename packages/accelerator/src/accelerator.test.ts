import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkHarmonizationGradients, ensureHarmonizationGradients, registerHarmonizationGradients } from '@harmonization/core-loss';
import { acceleratorStatus, disableCpuAccelerator, enableCpuAccelerator } from './accelerator';
import { ACCELERATED_KERNELS } from './accelerated-kernels';
import { expectAgreesWithStock, randn } from './test-utils/compare-with-stock';
import { describeNative, useCpu } from './test-utils/native-suite';

describeNative('enableCpuAccelerator / disableCpuAccelerator / acceleratorStatus', () => {
  beforeAll(useCpu);
  afterAll(() => disableCpuAccelerator());

  it('registers every accelerated kernel on cpu and restores the stock ones', () => {
    const stockConv = tf.getKernel('Conv2D', 'cpu')!.kernelFunc;
    const on = enableCpuAccelerator();
    expect(on.enabled).toBe(true);
    expect(on.reason).toBeUndefined();
    expect(on.threads).toBeGreaterThanOrEqual(1);
    expect(new Set(on.kernels)).toEqual(new Set(ACCELERATED_KERNELS.map((k) => k.kernelName)));
    expect(tf.getKernel('Conv2D', 'cpu')!.kernelFunc).not.toBe(stockConv);
    expect(enableCpuAccelerator().kernels.length).toBe(on.kernels.length); // idempotent
    const off = disableCpuAccelerator();
    expect(off.enabled).toBe(false);
    expect(off.reason).toMatch(/disabled/);
    expect(off.threads).toBe(0);
    expect(tf.getKernel('Conv2D', 'cpu')!.kernelFunc).toBe(stockConv);
  });

  it('stays in force under core-loss, which registers op-built cpu kernels and restores its own before every loss', () => {
    disableCpuAccelerator();
    registerHarmonizationGradients();
    const coreLossKernel = tf.getKernel('Conv2DBackpropFilter', 'cpu')!.kernelFunc;
    enableCpuAccelerator();
    const accelerated = tf.getKernel('Conv2DBackpropFilter', 'cpu')!.kernelFunc;
    expect(accelerated).not.toBe(coreLossKernel);
    ensureHarmonizationGradients();
    registerHarmonizationGradients();
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')!.kernelFunc).toBe(accelerated);
    expect(checkHarmonizationGradients().overridden.filter((k) => k.startsWith('cpu:'))).toEqual([]);
    // Disabling gives core-loss its kernel back (it was the stock one when enabling).
    disableCpuAccelerator();
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')!.kernelFunc).toBe(coreLossKernel);
  });

  it('honours the threads option and rejects a bad one', () => {
    expect(enableCpuAccelerator({ threads: 1 }).threads).toBe(1);
    expect(enableCpuAccelerator({ threads: 2 }).threads).toBe(2);
    expect(() => enableCpuAccelerator({ threads: 0 })).toThrow(
      'Error in enableCpuAccelerator: threads must be a positive integer, got 0.',
    );
  });

  it('one thread and two threads give the same convolution gradients', () => {
    const x = randn([4, 12, 12, 8]) as tf.Tensor4D;
    const f = randn([3, 3, 8, 16]) as tf.Tensor4D;
    const run = (threads: number) => {
      enableCpuAccelerator({ threads });
      return tf.tidy(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'))))([x, f]).map((g) => g.dataSync()));
    };
    const [one, two] = [run(1), run(2)];
    // oneDNN splits the weight-gradient reduction by thread: equal up to float rounding.
    one.forEach((g, i) => {
      const scale = Array.from(g).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      g.forEach((v, j) => expect(Math.abs(two[i]![j]! - v)).toBeLessThanOrEqual(1e-5 * scale));
    });
    tf.dispose([x, f]);
  });

  it('a double-backprop step of a small conv net agrees with stock and leaks no tensor', () => {
    const vars = [randn([3, 3, 3, 8]), randn([8]), randn([3, 3, 8, 8]), randn([2 * 2 * 8, 10])].map((t) => tf.variable(t));
    const images = randn([2, 8, 8, 3]) as tf.Tensor4D;
    const labels = tf.oneHot(tf.tensor1d([1, 7], 'int32'), 10);
    const net = (x: tf.Tensor4D) => {
      let h = tf.relu(tf.add(tf.conv2d(x, vars[0] as tf.Variable<tf.Rank.R4>, 1, 'same'), vars[1]!));
      // Strided convolutions, not pooling: stock tfjs has no gradient for MaxPoolGrad / AvgPoolGrad.
      h = tf.relu(tf.conv2d(h as tf.Tensor4D, vars[2] as tf.Variable<tf.Rank.R4>, 2, 'same'));
      h = tf.conv2d(h as tf.Tensor4D, tf.ones([2, 2, 8, 8]), 2, 'valid');
      return tf.matMul(tf.reshape(h, [2, -1]), vars[3]!);
    };
    // Loss on the input gradient (the saliency), differentiated w.r.t. the weights.
    const step = () => {
      const { value, grads } = tf.variableGrads(() => {
        const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(net(x as tf.Tensor4D), labels)))(images);
        return tf.mean(tf.square(tf.mean(g, -1)));
      }, vars);
      return [value, ...Object.values(grads)];
    };
    enableCpuAccelerator();
    step().forEach((t) => t.dispose());
    const before = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) tf.dispose(step());
    expect(tf.memory().numTensors).toBe(before);
    expectAgreesWithStock(step);
    tf.dispose([...vars, images, labels]);
  });
});

it('acceleratorStatus always answers, with a reason whenever it is off', () => {
  const s = acceleratorStatus();
  expect(typeof s.enabled).toBe('boolean');
  if (!s.enabled) expect(s.reason).toMatch(/\w/);
  expect(s.calls).toHaveProperty('native');
});

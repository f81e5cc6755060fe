// The output pool may hand a kernel the memory of a freed output, but never memory that a live
// tensor or user code can still see; and no kernel may rely on fresh memory being zeroed.
import * as tf from '@tensorflow/tfjs-core';
import { harmonizedGradients, registerHarmonizationGradients } from '@harmonization/core-loss';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { acceleratorStatus, disableCpuAccelerator, enableCpuAccelerator } from './accelerator';
import { randn } from './test-utils/compare-with-stock';
import { describeNative, useCpu } from './test-utils/native-suite';

const pool = () => acceleratorStatus().outputPool;
const square = (t: tf.Tensor) => tf.mul(t, t); // a native Multiply (≥ 512 elements)

describeNative('kernel output pool', () => {
  beforeAll(async () => {
    await useCpu();
    registerHarmonizationGradients();
  });
  afterAll(() => enableCpuAccelerator());

  it('reuses the memory of disposed outputs, with correct results', () => {
    enableCpuAccelerator();
    const x = tf.fill([64, 64], 3);
    tf.dispose(square(x)); // warm: one buffer of this size in the pool
    const before = pool();
    for (let i = 0; i < 5; i++) {
      const y = square(x);
      expect(Array.from(new Set(y.dataSync()))).toEqual([9]);
      y.dispose();
    }
    // dataSync hands the array to the caller: those five are never reused, so each later call
    // takes a new one — except the first, which got the warm buffer.
    expect(pool().reused - before.reused).toBe(1);
    for (let i = 0; i < 5; i++) tf.tidy(() => { tf.sum(square(x)); });
    expect(pool().reused - before.reused).toBeGreaterThanOrEqual(5);
    x.dispose();
  });

  it('never reuses an array that dataSync handed out', () => {
    enableCpuAccelerator();
    const x = tf.fill([32, 32], 2);
    const y = square(x);
    const seen = y.dataSync();
    y.dispose();
    for (let i = 0; i < 3; i++) tf.dispose(tf.sub(x, tf.fill([32, 32], 7))); // same size, other values
    expect(Array.from(new Set(seen))).toEqual([4]);
    x.dispose();
  });

  it('never reuses memory that a second tensor views (a stock contiguous Slice shares its input)', () => {
    enableCpuAccelerator();
    const x = tf.fill([32, 32], 2);
    const y = square(x);
    // What the stock cpu Slice does for a contiguous slice: a new tensor over a subarray.
    const backend = tf.backend() as unknown as {
      data: { get(id: object): { values: Float32Array } };
      makeTensorInfo(shape: number[], dtype: string, values: Float32Array): tf.TensorInfo;
    };
    const view = tf.engine().makeTensorFromTensorInfo(backend.makeTensorInfo([16, 32], 'float32', backend.data.get(y.dataId).values.subarray(0, 512)));
    y.dispose();
    for (let i = 0; i < 3; i++) tf.dispose(tf.sub(x, tf.fill([32, 32], 7)));
    expect(Array.from(new Set(view.dataSync()))).toEqual([4]);
    tf.dispose([x, view]);
  });

  it('no kernel reads its output before writing it: a harmonized step on poisoned memory is exact', () => {
    const vars = [randn([3, 3, 3, 8]), randn([8]), randn([8]), randn([3, 3, 8, 8]), randn([4 * 4 * 8, 10])].map((t) => tf.variable(t));
    const images = randn([2, 16, 16, 3]) as tf.Tensor4D;
    const labels = tf.oneHot(tf.tensor1d([1, 7], 'int32'), 10) as tf.Tensor2D;
    const heatmaps = tf.abs(randn([2, 16, 16]));
    // conv → batch norm (batch statistics) → relu → max pool → conv (stride 2) → avg pool → dense
    const net = (x: tf.Tensor4D) => {
      let h: tf.Tensor = tf.conv2d(x, vars[0] as tf.Variable<tf.Rank.R4>, 1, 'same');
      const { mean, variance } = tf.moments(h, [0, 1, 2]);
      h = tf.relu(tf.batchNorm(h, mean, variance, vars[1]!, vars[2]!, 1e-3));
      h = tf.maxPool(h as tf.Tensor4D, 2, 2, 'same');
      h = tf.relu(tf.conv2d(h as tf.Tensor4D, vars[3] as tf.Variable<tf.Rank.R4>, 2, 'same'));
      h = tf.avgPool(h as tf.Tensor4D, 1, 1, 'valid');
      return tf.matMul(tf.reshape(h, [2, -1]), vars[4]!) as tf.Tensor2D;
    };
    const step = () => {
      const { grads } = harmonizedGradients(net, { images, labels, heatmaps }, { variables: vars });
      const values = grads.map((g) => Array.from(g.dataSync()));
      tf.dispose(grads);
      return values;
    };
    enableCpuAccelerator({ outputPool: false });
    const plain = step();
    enableCpuAccelerator({ outputPool: { poison: true } });
    step(); // fills the pool
    const before = pool().reused;
    const numTensors = tf.memory().numTensors;
    const poisoned = step();
    expect(pool().reused - before).toBeGreaterThan(50);
    expect(tf.memory().numTensors).toBe(numTensors);
    expect(poisoned).toEqual(plain);
    tf.dispose([...vars, images, labels, heatmaps]);
  });

  it('is off when disabled, and disableCpuAccelerator empties it', () => {
    enableCpuAccelerator({ outputPool: false });
    const x = tf.fill([64, 64], 1);
    const before = pool();
    for (let i = 0; i < 3; i++) tf.tidy(() => { tf.sum(square(x)); });
    expect(pool().reused).toBe(before.reused);
    expect(pool().freeBytes).toBe(0);
    enableCpuAccelerator();
    for (let i = 0; i < 3; i++) tf.tidy(() => { tf.sum(square(x)); });
    expect(pool().freeBytes).toBeGreaterThan(0);
    disableCpuAccelerator();
    expect(pool().freeBytes).toBe(0);
    x.dispose();
  });
});

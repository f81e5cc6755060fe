// The fallback path, as on a machine where the native build failed: this file points the loader
// at a binary that does not exist (vitest runs each file in its own process).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, expect, it } from 'vitest';

delete process.env.HARMONIZATION_ACCELERATOR;
process.env.HARMONIZATION_ACCELERATOR_BINARY = '/nonexistent/harmonization_accelerator.node';
const { enableCpuAccelerator, acceleratorStatus } = await import('./accelerator');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('enableCpuAccelerator reports why it stayed off and leaves the stock kernels', () => {
  const stockConv = tf.getKernel('Conv2D', 'cpu')!.kernelFunc;
  const status = enableCpuAccelerator();
  expect(status.enabled).toBe(false);
  expect(status.threads).toBe(0);
  expect(status.kernels).toEqual([]);
  expect(status.reason).toContain('/nonexistent/harmonization_accelerator.node missing');
  expect(status.reason).toContain('npm run build:native -w @harmonization/accelerator');
  expect(acceleratorStatus().reason).toBe(status.reason);
  expect(tf.getKernel('Conv2D', 'cpu')!.kernelFunc).toBe(stockConv);
});

it('the cpu backend still computes (pure JS path)', () => {
  const y = tf.conv2d(tf.ones([1, 4, 4, 1]) as tf.Tensor4D, tf.ones([3, 3, 1, 1]) as tf.Tensor4D, 1, 'valid');
  expect(Array.from(y.dataSync())).toEqual([9, 9, 9, 9]);
});

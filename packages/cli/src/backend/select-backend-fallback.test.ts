// The cpu-native backend on a machine where the accelerator's addon is unavailable (forced here
// with HARMONIZATION_ACCELERATOR=0, as the loader reads it; vitest runs each file in its own
// process): an explicit --backend cpu-native fails with the reason, auto falls back to wasm.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

process.env.HARMONIZATION_ACCELERATOR = '0';
const { selectBackend } = await import('./select-backend');
const { probeAccelerator } = await import('./probe-accelerator');

describe('cpu-native without the native addon', () => {
  it('probeAccelerator says why', async () => {
    const probe = await probeAccelerator();
    expect(probe).toMatchObject({ backend: 'cpu-native', package: '@harmonization/accelerator', loaded: false, binary: null });
    expect(probe.reason).toBe('disabled by HARMONIZATION_ACCELERATOR=0');
  });

  it('an explicit --backend cpu-native fails with exit code 1 and the reason, never falling back', async () => {
    await expect(selectBackend({ backend: 'cpu-native' })).rejects.toMatchObject({
      exitCode: 1,
      message: 'Backend cpu-native is unavailable: disabled by HARMONIZATION_ACCELERATOR=0; use --backend auto, wasm or cpu.',
    });
  });

  it('auto falls back to wasm, the stock cpu kernels untouched', async () => {
    const stockConv = tf.getKernel('Conv2D', 'cpu')!.kernelFunc;
    const sel = await selectBackend({ backend: 'auto' });
    expect(sel.backend).toBe('wasm');
    expect(sel.tried.map((t) => [t.backend, t.loaded])).toEqual([
      ['tensorflow-gpu', false],
      ['tensorflow', false],
      ['cpu-native', false],
      ['wasm', true],
    ]);
    expect(tf.getKernel('Conv2D', 'cpu')!.kernelFunc).toBe(stockConv);
    expect(Array.from(tf.add(tf.tensor([1, 2]), tf.tensor([3, 4])).dataSync())).toEqual([4, 6]);
  });
});

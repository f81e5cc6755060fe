import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ACCELERATED_KERNEL, loadNative } from '@harmonization/accelerator';
import { describe, expect, it } from 'vitest';
import { findCudaLibraries } from './cuda-libraries';
import { cpuNativeThreads } from './probe-accelerator';
import { probeNativeBackend } from './probe-backend';
import { selectBackend } from './select-backend';

/** A folder with a fake, broken @tensorflow/<name> package whose require throws like a
 * tfjs-node installed with --ignore-scripts (an Error without `code`). */
function brokenNativePackage(name: string): NodeJS.Require {
  const root = mkdtempSync(join(tmpdir(), 'harmonize-backend-'));
  const dir = join(root, 'node_modules', '@tensorflow', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `@tensorflow/${name}`, version: '4.22.0', main: 'index.js' }));
  writeFileSync(join(dir, 'index.js'), "throw new Error('libtensorflow.so.2: cannot open shared object file: No such file or directory\\n    at more lines');");
  return createRequire(join(root, 'index.js'));
}

describe('probeNativeBackend', () => {
  it('says tfjs-node is not installed and how to install it', () => {
    const probe = probeNativeBackend('tensorflow');
    expect(probe.loaded).toBe(false);
    expect(probe.reason).toBe('@tensorflow/tfjs-node is not installed (install it with `npm install @tensorflow/tfjs-node`)');
  });

  it('tells an installed-but-broken package apart from a missing one, catching errors without a code', () => {
    const probe = probeNativeBackend('tensorflow', brokenNativePackage('tfjs-node'));
    expect(probe.loaded).toBe(false);
    expect(probe.version).toBe('4.22.0');
    expect(probe.reason).toBe('@tensorflow/tfjs-node is installed but failed to load: libtensorflow.so.2: cannot open shared object file: No such file or directory');
  });

  it('names the missing CUDA libraries when tfjs-node-gpu fails to load', () => {
    const probe = probeNativeBackend('tensorflow-gpu', brokenNativePackage('tfjs-node-gpu'));
    const missing = findCudaLibraries().filter((l) => l.path === null).map((l) => l.name);
    expect(probe.reason).toContain('@tensorflow/tfjs-node-gpu is installed but failed to load');
    if (missing.length > 0) expect(probe.reason).toContain(`needs CUDA 11.2 and cuDNN 8.1; not found: ${missing.join(', ')}`);
  });
});

describe('findCudaLibraries', () => {
  it('finds the sonames in LD_LIBRARY_PATH folders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'harmonize-cuda-'));
    writeFileSync(join(dir, 'libcudnn.so.8'), '');
    const libs = findCudaLibraries({ env: { LD_LIBRARY_PATH: `/nonexistent:${dir}` }, extraDirs: [], useLdconfig: false });
    expect(libs).toEqual([
      { name: 'libcudart.so.11.0', path: null },
      { name: 'libcudnn.so.8', path: join(dir, 'libcudnn.so.8') },
    ]);
  });
});

describe('cpuNativeThreads', () => {
  it('HARMONIZATION_THREADS wins; else every core on the main thread and one in a worker thread', () => {
    expect(cpuNativeThreads({ HARMONIZATION_THREADS: '3' }, false)).toBe(3);
    expect(cpuNativeThreads({ HARMONIZATION_THREADS: '3' }, true)).toBe(3);
    expect(cpuNativeThreads({}, true)).toBeUndefined();
    expect(cpuNativeThreads({}, false)).toBe(1);
    expect(cpuNativeThreads({ HARMONIZATION_THREADS: 'many' }, false)).toBe(1);
  });
});

describe('selectBackend', () => {
  it('rejects an explicit native backend that is missing, with one sentence and exit code 1', async () => {
    await expect(selectBackend({ backend: 'tensorflow' })).rejects.toMatchObject({
      exitCode: 1,
      message: 'Backend tensorflow is unavailable: @tensorflow/tfjs-node is not installed (install it with `npm install @tensorflow/tfjs-node`); use --backend auto, wasm or cpu.',
    });
  });

  it('fails loudly with --require-gpu instead of falling back', async () => {
    await expect(selectBackend({ backend: 'auto', requireGpu: true })).rejects.toMatchObject({ exitCode: 1 });
    await expect(selectBackend({ backend: 'auto', requireGpu: true })).rejects.toThrow(/^--require-gpu was given but the GPU backend is unavailable: @tensorflow\/tfjs-node-gpu is not installed/);
  });

  it('treats --require-gpu with a CPU backend as a usage error', async () => {
    await expect(selectBackend({ backend: 'wasm', requireGpu: true })).rejects.toMatchObject({ exitCode: 2 });
  });

  // cpu-native when the accelerator's addon is built here (CI builds it); wasm otherwise. The
  // fallback with the addon switched off is select-backend-fallback.test.ts.
  const native = loadNative().addon !== null;
  it(`auto picks ${native ? 'cpu-native' : 'wasm'} here (after the two native tfjs backends fail) and then keeps it`, async () => {
    const sel = await selectBackend({ backend: 'auto' });
    expect(sel.backend).toBe(native ? 'cpu-native' : 'wasm');
    expect(tf.getBackend()).toBe(native ? 'cpu' : 'wasm');
    expect(sel.tried.map((t) => [t.backend, t.loaded])).toEqual([
      ['tensorflow-gpu', false],
      ['tensorflow', false],
      ['cpu-native', native],
      ...(native ? [] : [['wasm', true]]),
    ]);
    if (native) {
      // the native kernels are the ones registered on cpu, and they compute
      expect((tf.getKernel('Conv2D', 'cpu')!.kernelFunc as unknown as Record<symbol, boolean>)[ACCELERATED_KERNEL]).toBe(true);
      const y = tf.conv2d(tf.ones([1, 4, 4, 1]) as tf.Tensor4D, tf.ones([3, 3, 1, 1]) as tf.Tensor4D, 1, 'valid');
      expect(Array.from(y.dataSync())).toEqual([9, 9, 9, 9]);
    } else {
      expect(sel.tried[2]!.reason).toBe((loadNative() as { reason: string }).reason);
    }
    // the chosen backend really computes
    expect(Array.from(tf.add(tf.tensor([1, 2]), tf.tensor([3, 4])).dataSync())).toEqual([4, 6]);
    // chosen once: a different explicit choice later is refused
    await expect(selectBackend({ backend: 'cpu' })).rejects.toThrow(native ? /already cpu-native/ : /already wasm/);
  });
});

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { findCudaLibraries } from './cuda-libraries';
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

  it('auto picks wasm here (after the two native backends fail) and then keeps it', async () => {
    const sel = await selectBackend({ backend: 'auto' });
    expect(sel.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(sel.tried.map((t) => [t.backend, t.loaded])).toEqual([
      ['tensorflow-gpu', false],
      ['tensorflow', false],
      ['wasm', true],
    ]);
    // the wasm backend really computes
    expect(Array.from(tf.add(tf.tensor([1, 2]), tf.tensor([3, 4])).dataSync())).toEqual([4, 6]);
    // chosen once: a different explicit choice later is refused
    await expect(selectBackend({ backend: 'cpu' })).rejects.toThrow(/already wasm/);
  });
});

// Tests are parametrised over the backends that can run here: cpu and wasm always;
// `tensorflow` (tfjs-node) only where it is installed.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';

export type TestBackend = 'cpu' | 'wasm' | 'tensorflow';

function tfjsNodeInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

export const TEST_BACKENDS: TestBackend[] = [
  'cpu',
  'wasm',
  ...(tfjsNodeInstalled() ? (['tensorflow'] as const) : []),
];

/** Switches the global tfjs backend. Call before creating tensors for that backend. */
export async function useBackend(name: TestBackend): Promise<void> {
  if (name === 'tensorflow') {
    await import('@tensorflow/tfjs-node' as string);
  }
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name);
    if (!ok) throw new Error(`Test setup: backend ${name} failed to initialise.`);
  }
  await tf.ready();
}

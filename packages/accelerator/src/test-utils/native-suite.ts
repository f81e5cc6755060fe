// The kernel suites need the native build; without it they skip and say why (npm test passes
// on machines where the build failed).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core alone registers no gradients in Node; the double-backprop tests need them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe } from 'vitest';
import { loadNative } from '../load-native';

const load = loadNative();
export const nativeAvailable = load.addon !== null;
if (!load.addon) {
  console.warn(`[@harmonization/accelerator] SKIPPING native kernel tests: ${load.reason}`);
}

/** `describe` when the addon loaded, else `describe.skip`. */
export const describeNative: ReturnType<typeof describe.skipIf> = describe.skipIf(!nativeAvailable);

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

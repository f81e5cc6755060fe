// The full-size ViT-B/16 (86 M parameters) survives one harmonized training step at a reduced
// input size. On the cpu backend: its weights, gradients and activations outgrow the wasm heap.
import { useBackend } from '@harmonization/test-support';
import { beforeAll, it } from 'vitest';
import { getModelEntry } from '../registry/registry';
import { checkHarmonizedStep, smallSize } from './zoo-step-check';

beforeAll(async () => {
  await useBackend('cpu');
});

it('vit_b16 survives one harmonized training step (cpu backend)', { timeout: 600_000 }, () => {
  const size = smallSize('vit_b16');
  checkHarmonizedStep(getModelEntry('vit_b16').builder({ inputShape: [size, size, 3], numClasses: 5 }), size, 5);
});

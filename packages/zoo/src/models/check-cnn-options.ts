import { checkBuildOptions } from './check-build-options';
import type { ModelBuildOptions } from './model-options';

/** `checkBuildOptions` plus the smallest height/width a CNN's pooling accepts. */
export function checkCnnOptions(options: ModelBuildOptions, fn: string, minSize: number): void {
  checkBuildOptions(options, fn);
  const [h, w] = options.inputShape;
  if (h < minSize || w < minSize) {
    throw new Error(`Error in ${fn}: inputShape height and width must be at least ${minSize}, got [${options.inputShape.join(', ')}].`);
  }
}

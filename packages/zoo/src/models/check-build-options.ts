// Validation of the options every architecture builder takes.
import type { ModelBuildOptions } from './model-options';

/** Throws one clear sentence when `inputShape` or `numClasses` is malformed. */
export function checkBuildOptions(options: ModelBuildOptions, fn: string): void {
  const shape = options?.inputShape as unknown;
  if (!Array.isArray(shape) || shape.length !== 3 || shape.some((d) => !Number.isInteger(d) || (d as number) < 1)) {
    throw new Error(`Error in ${fn}: inputShape must be [height, width, channels] of positive integers, got ${JSON.stringify(shape)}.`);
  }
  if (!Number.isInteger(options.numClasses) || options.numClasses < 1) {
    throw new Error(`Error in ${fn}: numClasses must be a positive integer, got ${String(options.numClasses)}.`);
  }
}

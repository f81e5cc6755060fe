// One vitest configuration for every package: sources of sibling packages are resolved from
// their src/ (no build needed to test), and tests get the shared backend helpers.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export function packageVitestConfig(options: { testTimeout?: number } = {}) {
  return defineConfig({
    resolve: {
      alias: {
        '@harmonization/core-loss': `${root}packages/core-loss/src/index.ts`,
        '@harmonization/datasets': `${root}packages/datasets/src/index.ts`,
        '@harmonization/zoo': `${root}packages/zoo/src/index.ts`,
        '@harmonization/metrics': `${root}packages/metrics/src/index.ts`,
        '@harmonization/accelerator': `${root}packages/accelerator/src/index.ts`,
        '@harmonization/test-support': `${root}tools/test-support/src/index.ts`,
      },
    },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: options.testTimeout ?? 120_000,
      hookTimeout: 120_000,
      pool: 'forks',
      fileParallelism: !process.env.CI,
    },
  });
}

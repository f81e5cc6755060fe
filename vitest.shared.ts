// One vitest configuration for every package: sources of sibling packages are resolved from
// their src/ (no build needed to test), and tests get the shared backend helpers.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export function packageVitestConfig(options: { testTimeout?: number } = {}) {
  return defineConfig({
    resolve: {
      // Exact matches, so that subpath entries (`@harmonization/core-loss/register`) resolve too.
      alias: [
        ...['core-loss', 'datasets', 'zoo', 'metrics', 'accelerator'].flatMap((name) => [
          { find: new RegExp(`^@harmonization/${name}$`), replacement: `${root}packages/${name}/src/index.ts` },
          { find: new RegExp(`^@harmonization/${name}/register$`), replacement: `${root}packages/${name}/src/register.ts` },
        ]),
        { find: /^@harmonization\/test-support$/, replacement: `${root}tools/test-support/src/index.ts` },
      ],
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

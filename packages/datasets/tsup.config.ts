import { defineConfig } from 'tsup';

export default defineConfig({
  // decode-worker is the worker_threads entry loadClickMe starts (dist/decode-worker.js).
  entry: { index: 'src/index.ts', 'decode-worker': 'src/clickme/decode-worker.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' }, compilerOptions: { paths: {} } },
  sourcemap: true,
  clean: true,
  shims: true, // import.meta.url in the CJS build (locates the worker script)
  target: 'node20',
});

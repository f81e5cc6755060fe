import { defineConfig } from 'tsup';

export default defineConfig({
  // bin: the `harmonize` executable; demo-worker: one model's training in a worker thread.
  entry: ['src/index.ts', 'src/bin.ts', 'src/demo/demo-worker.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts', compilerOptions: { paths: {} } },
  sourcemap: true,
  clean: true,
  shims: true,
  target: 'node20',
});

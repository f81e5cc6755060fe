/** What `--backend` accepts. `auto` takes the fastest backend that loads. */
export const BACKEND_CHOICES = ['auto', 'tensorflow-gpu', 'tensorflow', 'cpu-native', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
export type ConcreteBackend = Exclude<BackendChoice, 'auto'>;

/**
 * Fastest first: native CUDA, native CPU (libtensorflow), the tfjs cpu backend with
 * @harmonization/accelerator's native kernels (oneDNN / OpenBLAS, all cores), wasm (SIMD, one
 * core), plain JS.
 */
export const AUTO_ORDER: readonly ConcreteBackend[] = ['tensorflow-gpu', 'tensorflow', 'cpu-native', 'wasm', 'cpu'];

/** The tfjs engine name each choice registers (`tf.getBackend()` reports it). */
export const ENGINE_NAME: Record<ConcreteBackend, string> = {
  'tensorflow-gpu': 'tensorflow',
  tensorflow: 'tensorflow',
  'cpu-native': 'cpu',
  wasm: 'wasm',
  cpu: 'cpu',
};

/** The npm package that provides each choice. */
export const BACKEND_PACKAGE: Record<ConcreteBackend, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  'cpu-native': '@harmonization/accelerator',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs (cpu backend)',
};

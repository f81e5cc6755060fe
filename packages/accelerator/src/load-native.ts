// Locates and loads the compiled addon (native/build/Release). Never throws: a missing or broken
// build is reported as a reason and the package stays on the stock kernels.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The addon's functions; all synchronous, all writing into the given output array. */
export interface NativeAddon {
  conv2d(x: Float32Array, filter: Float32Array, out: Float32Array, geometry: Int32Array): void;
  conv2dBackpropInput(dy: Float32Array, filter: Float32Array, out: Float32Array, geometry: Int32Array): void;
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, out: Float32Array, geometry: Int32Array): void;
  depthwiseConv2d(x: Float32Array, filter: Float32Array, out: Float32Array, geometry: Int32Array): void;
  depthwiseBackpropInput(dy: Float32Array, filter: Float32Array, out: Float32Array, geometry: Int32Array): void;
  depthwiseBackpropFilter(x: Float32Array, dy: Float32Array, out: Float32Array, geometry: Int32Array): void;
  maxPool(x: Float32Array, out: Float32Array, geometry: Int32Array): void;
  avgPool(x: Float32Array, out: Float32Array, geometry: Int32Array): void;
  maxPoolGrad(dy: Float32Array, x: Float32Array, out: Float32Array, geometry: Int32Array): void;
  avgPoolGrad(dy: Float32Array, out: Float32Array, geometry: Int32Array): void;
  /** out[n,oh,ow,c] = v at each window's first strict maximum of x. */
  maxPoolSelect(x: Float32Array, v: Float32Array, out: Float32Array, geometry: Int32Array): void;
  /** dims: [batch, batchA, batchB, m, n, k, transposeA, transposeB]. */
  batchMatMul(a: Float32Array, b: Float32Array, out: Float32Array, dims: Int32Array): void;
  /** op: 0 add, 1 sub, 2 mul, 3 div, 4 squared difference, 5 max, 6 min; shapes right-aligned to one rank. */
  binaryOp(op: number, a: Float32Array, aShape: Int32Array, b: Float32Array, bShape: Int32Array, out: Float32Array, outShape: Int32Array): void;
  /** op: 0 relu, 1 step(alpha), 2 neg, 3 square. */
  unaryOp(op: number, x: Float32Array, out: Float32Array, alpha: number): void;
  /** x [outer, reduce, inner] summed over `reduce` (times `scale`) into out [outer, inner]. */
  sumReduce(x: Float32Array, out: Float32Array, outer: number, reduce: number, inner: number, scale: number): void;
  /** FusedBatchNorm: out[i] = offset[i % |offset|] + (x[i] − mean[i % |mean|]) · scale[…] / sqrt(variance[…] + epsilon). */
  batchNorm(x: Float32Array, mean: Float32Array, variance: Float32Array, offset: Float32Array, scale: Float32Array, out: Float32Array, epsilon: number): void;
  /** FusedBatchNorm's gradient, per-channel statistics of length c (x, dy of a length divisible by c). */
  batchNormGrad(dy: Float32Array, x: Float32Array, mean: Float32Array, variance: Float32Array, scale: Float32Array, epsilon: number,
    dx: Float32Array, dmean: Float32Array, dvariance: Float32Array, dscale: Float32Array, doffset: Float32Array): void;
  /** The gradient of batchNormGrad's outputs (upstream gdx, gmean, gvariance, gscale, goffset) w.r.t. its inputs. */
  batchNormGradGrad(dy: Float32Array, x: Float32Array, mean: Float32Array, variance: Float32Array, scale: Float32Array,
    gdx: Float32Array, gmean: Float32Array, gvariance: Float32Array, gscale: Float32Array, goffset: Float32Array, epsilon: number,
    dDy: Float32Array, dX: Float32Array, dMean: Float32Array, dVariance: Float32Array, dScale: Float32Array): void;
  /** Training-mode batch norm over all but the last axis: y, and the batch mean and biased variance (length c = |scale|). */
  batchNormTraining(x: Float32Array, scale: Float32Array, offset: Float32Array, epsilon: number,
    y: Float32Array, mean: Float32Array, variance: Float32Array): void;
  /** batchNormTraining's gradient through its batch statistics: dx, dscale, doffset. */
  batchNormTrainingGrad(dy: Float32Array, x: Float32Array, scale: Float32Array, mean: Float32Array, variance: Float32Array, epsilon: number,
    dx: Float32Array, dscale: Float32Array, doffset: Float32Array): void;
  /** The gradient of batchNormTrainingGrad's outputs (upstream gdx, gdscale, gdoffset) w.r.t. dy, x and scale. */
  batchNormTrainingGradGrad(dy: Float32Array, x: Float32Array, scale: Float32Array, mean: Float32Array, variance: Float32Array,
    gdx: Float32Array, gdscale: Float32Array, gdoffset: Float32Array, epsilon: number,
    dDy: Float32Array, dX: Float32Array, dScale: Float32Array): void;
  slice(x: Float32Array | Int32Array, xShape: Int32Array, begin: Int32Array, out: Float32Array | Int32Array, outShape: Int32Array): void;
  pad(x: Float32Array | Int32Array, xShape: Int32Array, out: Float32Array | Int32Array, outShape: Int32Array, before: Int32Array,
    value: Float32Array | Int32Array): void;
  tile(x: Float32Array | Int32Array, xShape: Int32Array, out: Float32Array | Int32Array, outShape: Int32Array): void;
  /** op: 0 >, 1 >=, 2 <, 3 <=, 4 ==, 5 != ; out holds 0/1 (bool tensor values). */
  compareOp(op: number, a: Float32Array, aShape: Int32Array, b: Float32Array, bShape: Int32Array, out: Uint8Array, outShape: Int32Array): void;
  /** Which library runs the convolutions; `useOneDnn` switches when this build has oneDNN. */
  convolutionLibrary(useOneDnn?: boolean): 'onednn' | 'openblas';
  /** Threads for kernels called from this JS thread (each worker_thread keeps its own count). */
  setThreads(n: number): number;
  getThreads(): number;
}

export type NativeLoad = { addon: NativeAddon; path: string } | { addon: null; reason: string };

const BINARY = path.join('native', 'build', 'Release', 'harmonization_accelerator.node');

let cached: NativeLoad | undefined;

function packageRoot(): string {
  // src/load-native.ts and dist/index.{js,cjs} both sit one level below the package root.
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
}

/** Loads the addon once; `HARMONIZATION_ACCELERATOR=0` turns it off, `_BINARY` points elsewhere. */
export function loadNative(): NativeLoad {
  if (cached) return cached;
  if (process.env.HARMONIZATION_ACCELERATOR === '0') {
    cached = { addon: null, reason: 'disabled by HARMONIZATION_ACCELERATOR=0' };
    return cached;
  }
  if (process.platform !== 'linux' && !process.env.HARMONIZATION_ACCELERATOR_BINARY) {
    cached = { addon: null, reason: `no native build for ${process.platform} (Linux only)` };
    return cached;
  }
  const file = process.env.HARMONIZATION_ACCELERATOR_BINARY ?? path.join(packageRoot(), BINARY);
  if (!existsSync(file)) {
    cached = {
      addon: null,
      reason: `native addon not built (${file} missing); run: apt-get install -y libopenblas-dev && npm run build:native -w @harmonization/accelerator`,
    };
    return cached;
  }
  try {
    // oneDNN runs on libgomp, whose idle threads spin by default: on a shared machine that
    // spinning took 3× the CPU time of the work itself. Must be set before libgomp loads.
    process.env.OMP_WAIT_POLICY ??= 'PASSIVE';
    // OpenBLAS' own (pthread) workers spin-yield for 2^28 cycles (~0.1 s) after each call; a
    // VGG-like step's few small matMuls then left a worker spinning against the convolutions:
    // 55 ms of CPU per 170 ms step. 2^4 cycles: they sleep at once (read when OpenBLAS loads).
    process.env.OPENBLAS_THREAD_TIMEOUT ??= '4';
    const addon = createRequire(import.meta.url)(file) as NativeAddon;
    cached = { addon, path: file };
  } catch (e) {
    cached = { addon: null, reason: `native addon failed to load: ${(e as Error).message.split('\n')[0]}` };
  }
  return cached;
}

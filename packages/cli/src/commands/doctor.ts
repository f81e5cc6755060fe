// `harmonize doctor`: what is installed, what loads, which CUDA libraries the GPU backend
// would find, whether the accelerator's native CPU kernels are built and load (and why not), and
// whether ClickMe JPEGs decode natively (the datasets package's libjpeg-turbo path) or through
// sharp, and what `--backend auto` picks on this machine.
import { createRequire } from 'node:module';
import { nativeDecoderStatus, type NativeDecoderStatus } from '@harmonization/datasets';
import * as tf from '@tensorflow/tfjs';
import { AUTO_ORDER } from '../backend/backend-names';
import { findCudaLibraries, type CudaLibrary } from '../backend/cuda-libraries';
import { probeAccelerator, type AcceleratorProbe } from '../backend/probe-accelerator';
import { probeNativeBackend, type BackendProbe } from '../backend/probe-backend';
import { selectBackend } from '../backend/select-backend';
import { CLI_VERSION } from '../version';

export interface DoctorReport {
  cli: string;
  node: string;
  platform: string;
  tfjs: string;
  packages: Record<string, string | null>;
  backends: BackendProbe[];
  /** The cpu-native backend's addon: built and loaded, or why not (threads and convolution library when auto enabled it). */
  accelerator: AcceleratorProbe;
  /** How @harmonization/datasets decodes ClickMe JPEGs: natively, or through sharp and why. */
  jpegDecoder: NativeDecoderStatus;
  cudaLibraries: CudaLibrary[];
  auto: string | null;
  autoError: string | null;
}

function versionOf(pkg: string): string | null {
  try {
    return (createRequire(import.meta.url)(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return null;
  }
}

export async function runDoctor(): Promise<DoctorReport> {
  const natives = (['tensorflow-gpu', 'tensorflow'] as const).map((b) => probeNativeBackend(b));
  const cudaLibraries = findCudaLibraries();
  const addon = await probeAccelerator();
  let auto: string | null = null;
  let autoError: string | null = null;
  let tried: BackendProbe[] = [];
  try {
    const sel = await selectBackend({ backend: 'auto' });
    auto = sel.backend;
    tried = sel.tried;
  } catch (error) {
    autoError = (error as Error).message;
  }
  // Report every backend, including those after the one auto picked.
  const backends: BackendProbe[] = AUTO_ORDER.map((name) => {
    const native = natives.find((n) => n.backend === name);
    if (native) return native;
    const t = tried.find((p) => p.backend === name);
    if (t) return t;
    if (name === 'cpu-native') return addon;
    const registered = tf.findBackendFactory(name === 'wasm' ? 'wasm' : 'cpu') !== null;
    return { backend: name, package: name === 'wasm' ? '@tensorflow/tfjs-backend-wasm' : '@tensorflow/tfjs', loaded: registered, version: name === 'wasm' ? versionOf('@tensorflow/tfjs-backend-wasm') : tf.version.tfjs, reason: registered ? null : 'not registered' };
  });
  return {
    cli: CLI_VERSION,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    tfjs: tf.version.tfjs,
    packages: Object.fromEntries(
      ['@harmonization/core-loss', '@harmonization/datasets', '@harmonization/accelerator', '@harmonization/zoo', '@harmonization/metrics', '@tensorflow/tfjs-backend-wasm', 'sharp'].map((p) => [p, versionOf(p)]),
    ),
    backends,
    accelerator: (tried.find((p) => p.backend === 'cpu-native') as AcceleratorProbe | undefined) ?? addon,
    jpegDecoder: nativeDecoderStatus(),
    cudaLibraries,
    auto,
    autoError,
  };
}

export function formatDoctor(r: DoctorReport): string {
  const lines = [
    `harmonize ${r.cli} on Node ${r.node} (${r.platform}), TensorFlow.js ${r.tfjs}`,
    '',
    'Packages:',
    ...Object.entries(r.packages).map(([p, v]) => `  ${p.padEnd(30)} ${v ?? 'not found'}`),
    '',
    'Backends (fastest first):',
    ...r.backends.map((b) => `  ${b.backend.padEnd(15)} ${b.loaded ? `ok${b.version ? ` (${b.version})` : ''}` : `unavailable: ${b.reason}`}`),
    '',
    'Native CPU kernels for cpu-native (@harmonization/accelerator):',
    `  ${r.accelerator.loaded ? `addon loaded: ${r.accelerator.binary}` : `unavailable: ${r.accelerator.reason}`}`,
    ...(r.accelerator.threads ? [`  ${r.accelerator.threads} thread(s), convolutions on ${r.accelerator.convolution}`] : []),
    '',
    'ClickMe JPEG decoding (@harmonization/datasets):',
    `  ${r.jpegDecoder.native ? `native libjpeg-turbo: ${r.jpegDecoder.path}` : `sharp (slower; native decoder unavailable: ${r.jpegDecoder.reason})`}`,
    '',
    'CUDA libraries for tensorflow-gpu (needs CUDA 11.2 + cuDNN 8.1):',
    ...r.cudaLibraries.map((l) => `  ${l.name.padEnd(20)} ${l.path ?? 'not found'}`),
    '',
    r.auto ? `--backend auto picks: ${r.auto}` : `--backend auto fails: ${r.autoError}`,
  ];
  return lines.join('\n');
}

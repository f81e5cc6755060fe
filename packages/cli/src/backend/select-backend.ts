// Choosing the tfjs backend, once, before any tensor exists (switching later corrupts live
// int32 tensors, see TFJS-NOTES). The wasm binaries ship inside the npm package; Node needs
// their folder set explicitly.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { CliError } from '../util/cli-error';
import { AUTO_ORDER, BACKEND_CHOICES, ENGINE_NAME, type BackendChoice, type ConcreteBackend } from './backend-names';
import { enableCpuNative } from './probe-accelerator';
import { probeNativeBackend, type BackendProbe } from './probe-backend';

export interface SelectBackendOptions {
  backend?: BackendChoice | string;
  /** Fail instead of running without a GPU. */
  requireGpu?: boolean;
  /** Resolver used for the optional native packages (tests point it elsewhere). */
  baseRequire?: NodeJS.Require;
}

export interface SelectedBackend {
  /** The choice that was used (never `auto`). */
  backend: ConcreteBackend;
  /** What `tf.getBackend()` reports. */
  engine: string;
  /** Every backend tried, in order, with why the rejected ones were rejected. */
  tried: BackendProbe[];
}

let wasmPathsSet = false;
function prepareWasm(): void {
  if (wasmPathsSet) return;
  const main = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  // main is <pkg>/dist/tf-backend-wasm.node.js; the .wasm files sit beside it.
  setWasmPaths(join(dirname(main), '/'));
  wasmPathsSet = true;
}

function quietCpuBanner(): void {
  const backend = tf.backend() as { firstUse?: boolean };
  if (typeof backend.firstUse === 'boolean') backend.firstUse = false;
}

/** Loads (when needed) and initialises one backend; returns why it failed, or null. */
export async function tryBackend(backend: ConcreteBackend, baseRequire?: NodeJS.Require): Promise<BackendProbe> {
  let probe: BackendProbe;
  if (backend === 'tensorflow' || backend === 'tensorflow-gpu') {
    probe = probeNativeBackend(backend, baseRequire);
    if (!probe.loaded) return probe;
  } else if (backend === 'cpu-native') {
    probe = await enableCpuNative();
    if (!probe.loaded) return probe;
  } else {
    probe = { backend, package: backend === 'wasm' ? '@tensorflow/tfjs-backend-wasm' : '@tensorflow/tfjs', loaded: true, version: tf.version.tfjs, reason: null };
    if (backend === 'wasm') {
      try {
        prepareWasm();
      } catch (error) {
        return { ...probe, loaded: false, reason: `the wasm binaries could not be located: ${String(error)}` };
      }
    }
  }
  const engine = ENGINE_NAME[backend];
  let ok = false;
  try {
    ok = await tf.setBackend(engine);
    if (ok) await tf.ready();
    // The cpu backend prints a "use tfjs-node" banner on stdout at its first tensor; cpu is a
    // choice made here (cpu-native is fast), and stdout may be a --json report.
    if (ok && engine === 'cpu') quietCpuBanner();
  } catch (error) {
    ok = false;
    probe.reason = `the ${engine} backend failed to initialise: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
  if (!ok) {
    probe.loaded = false;
    probe.reason ??= `the ${engine} backend failed to initialise`;
  }
  return probe;
}

let selected: SelectedBackend | null = null;

/** The backend chosen by `selectBackend`, or null before it ran. */
export function selectedBackend(): SelectedBackend | null {
  return selected;
}

/**
 * Picks and initialises the backend. `auto` tries tensorflow-gpu, tensorflow, cpu-native, wasm, cpu and
 * takes the first that works; an explicit choice that fails is an error (exit 1), never a
 * silent fallback. With `requireGpu`, anything but tensorflow-gpu is an error.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<SelectedBackend> {
  const choice = (options.backend ?? 'auto') as BackendChoice;
  if (!(BACKEND_CHOICES as readonly string[]).includes(choice)) {
    throw new CliError(`--backend must be one of ${BACKEND_CHOICES.join(', ')}, got ${JSON.stringify(options.backend)}.`, 2);
  }
  if (selected) {
    if (choice === 'auto' || choice === selected.backend) return selected;
    throw new CliError(`The backend is already ${selected.backend}; it is chosen once, before any tensor exists.`);
  }
  if (options.requireGpu && choice !== 'auto' && choice !== 'tensorflow-gpu') {
    throw new CliError(`--require-gpu needs --backend auto or tensorflow-gpu, got --backend ${choice}.`, 2);
  }
  const candidates: ConcreteBackend[] = options.requireGpu ? ['tensorflow-gpu'] : choice === 'auto' ? [...AUTO_ORDER] : [choice];
  const tried: BackendProbe[] = [];
  for (const backend of candidates) {
    const probe = await tryBackend(backend, options.baseRequire);
    tried.push(probe);
    if (probe.loaded) {
      selected = { backend, engine: tf.getBackend(), tried };
      return selected;
    }
  }
  const last = tried[tried.length - 1];
  if (options.requireGpu) {
    throw new CliError(`--require-gpu was given but the GPU backend is unavailable: ${last?.reason ?? 'unknown reason'}.`);
  }
  if (choice === 'auto') {
    throw new CliError(`No backend could be initialised: ${tried.map((t) => `${t.backend}: ${t.reason}`).join('; ')}.`);
  }
  throw new CliError(`Backend ${choice} is unavailable: ${last?.reason ?? 'unknown reason'}; use --backend auto, wasm or cpu.`);
}

// The `cpu-native` backend: the tfjs cpu backend with @harmonization/accelerator's native
// kernels (oneDNN / OpenBLAS, multi-threaded). The package always installs; its addon may be
// missing (no compiler or OpenBLAS at install time), broken, or switched off with
// HARMONIZATION_ACCELERATOR=0 — each is turned into a reason, never a crash.
import { createRequire } from 'node:module';
import { isMainThread } from 'node:worker_threads';
import { BACKEND_PACKAGE } from './backend-names';
import type { BackendProbe } from './probe-backend';

const PKG = BACKEND_PACKAGE['cpu-native'];

type AcceleratorModule = typeof import('@harmonization/accelerator');

export interface AcceleratorProbe extends BackendProbe {
  /** The addon file that loaded, or null. */
  binary: string | null;
  /** Threads of the native kernels in this thread, once enabled. */
  threads?: number;
  /** Library behind the convolutions, once enabled. */
  convolution?: 'onednn' | 'openblas';
}

function versionOf(): string | null {
  try {
    return (createRequire(import.meta.url)(`${PKG}/package.json`) as { version: string }).version;
  } catch {
    return null;
  }
}

async function importAccelerator(): Promise<AcceleratorModule | string> {
  try {
    return await import('@harmonization/accelerator');
  } catch (error) {
    return `${PKG} could not be imported: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
  }
}

/**
 * Whether the native addon is built and loads in this process, without registering any kernel
 * (what `doctor` reports). `loaded` false comes with the reason: not built (and how to build it),
 * failed to load, or disabled.
 */
export async function probeAccelerator(): Promise<AcceleratorProbe> {
  const probe: AcceleratorProbe = { backend: 'cpu-native', package: PKG, loaded: false, version: versionOf(), reason: null, binary: null };
  const mod = await importAccelerator();
  if (typeof mod === 'string') return { ...probe, reason: mod };
  const load = mod.loadNative();
  if (!load.addon) return { ...probe, reason: load.reason };
  return { ...probe, loaded: true, binary: load.path };
}

/**
 * Threads of the native kernels: `HARMONIZATION_THREADS`, else every core on the main thread and
 * one in a worker thread — where the CLI runs workers (the demo: three), they already keep the
 * cores busy, and more threads per worker oversubscribe them (the default demo took 37 s with
 * two threads per worker, 25 s with one, on 2 cores).
 */
export function cpuNativeThreads(env: NodeJS.ProcessEnv = process.env, mainThread = isMainThread): number | undefined {
  const n = Number(env.HARMONIZATION_THREADS);
  if (Number.isInteger(n) && n > 0) return n;
  return mainThread ? undefined : 1;
}

/** Loads the addon and registers its kernels on the tfjs `cpu` backend. The caller then selects `cpu`. */
export async function enableCpuNative(): Promise<AcceleratorProbe> {
  const probe = await probeAccelerator();
  if (!probe.loaded) return probe;
  const mod = (await importAccelerator()) as AcceleratorModule;
  const threads = cpuNativeThreads();
  const status = mod.enableCpuAccelerator(threads === undefined ? {} : { threads });
  if (!status.enabled) return { ...probe, loaded: false, reason: status.reason ?? 'the native kernels could not be registered' };
  return { ...probe, threads: status.threads, ...(status.convolution ? { convolution: status.convolution } : {}) };
}

// Loading a backend package without crashing when it is absent or broken. tfjs-node(-gpu) are
// optional peers: `require.resolve` tells "not installed" apart from "installed but broken"
// (a missing libtensorflow or CUDA library, or an install run with --ignore-scripts, which
// throws errors that carry no `code`): every error is caught and turned into a reason.
import { createRequire } from 'node:module';
import { BACKEND_PACKAGE, type ConcreteBackend } from './backend-names';
import { findCudaLibraries } from './cuda-libraries';

export interface BackendProbe {
  backend: ConcreteBackend;
  package: string;
  /** True when the package loaded (the backend is registered with tfjs). */
  loaded: boolean;
  /** Package version when it could be read. */
  version: string | null;
  /** One sentence saying why it is unavailable, or null. */
  reason: string | null;
}

export type ModuleRequire = (id: string) => unknown;

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').trim().replace(/\.$/, '');
}

function readVersion(req: NodeJS.Require, pkg: string): string | null {
  try {
    const json = req(`${pkg}/package.json`) as { version?: string };
    return json.version ?? null;
  } catch {
    return null;
  }
}

/**
 * Loads the package behind a native backend (`tensorflow`, `tensorflow-gpu`). `baseRequire`
 * defaults to this module's resolver (which honours NODE_PATH).
 */
export function probeNativeBackend(
  backend: 'tensorflow' | 'tensorflow-gpu',
  baseRequire: NodeJS.Require = createRequire(import.meta.url),
): BackendProbe {
  const pkg = BACKEND_PACKAGE[backend];
  const probe: BackendProbe = { backend, package: pkg, loaded: false, version: null, reason: null };
  try {
    baseRequire.resolve(pkg);
  } catch {
    probe.reason = `${pkg} is not installed (install it with \`npm install ${pkg}\`)`;
    return probe;
  }
  probe.version = readVersion(baseRequire, pkg);
  try {
    baseRequire(pkg);
    probe.loaded = true;
  } catch (error) {
    let reason = `${pkg} is installed but failed to load: ${firstLine(error)}`;
    if (backend === 'tensorflow-gpu') {
      const missing = findCudaLibraries().filter((l) => l.path === null).map((l) => l.name);
      if (missing.length > 0) reason += ` (it needs CUDA 11.2 and cuDNN 8.1; not found: ${missing.join(', ')})`;
    }
    probe.reason = reason;
  }
  return probe;
}

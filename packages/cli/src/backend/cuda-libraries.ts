// tfjs-node-gpu 4.22 links against CUDA 11.2 and cuDNN 8.1. We look for their sonames the way
// the dynamic loader would: the ldconfig cache, then LD_LIBRARY_PATH, then the usual CUDA dirs.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const REQUIRED_CUDA_LIBRARIES = ['libcudart.so.11.0', 'libcudnn.so.8'] as const;

export interface CudaLibrary {
  name: string;
  /** Where it was found, or null. */
  path: string | null;
}

function fromLdconfig(): Map<string, string> {
  const found = new Map<string, string>();
  for (const bin of ['ldconfig', '/sbin/ldconfig', '/usr/sbin/ldconfig']) {
    try {
      const out = execFileSync(bin, ['-p'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
      for (const line of out.split('\n')) {
        // "\tlibcudart.so.11.0 (libc6,x86-64) => /usr/local/cuda/lib64/libcudart.so.11.0"
        const m = /^\s*(\S+)\s+\(.*\)\s+=>\s+(\S+)/.exec(line);
        if (m && m[1] && m[2] && !found.has(m[1])) found.set(m[1], m[2]);
      }
      return found;
    } catch {
      // try the next location of ldconfig
    }
  }
  return found;
}

/** Looks for each library; `env` and `extraDirs` make it testable. */
export function findCudaLibraries(
  options: { env?: NodeJS.ProcessEnv; extraDirs?: string[]; useLdconfig?: boolean } = {},
): CudaLibrary[] {
  const env = options.env ?? process.env;
  const cache = options.useLdconfig === false ? new Map<string, string>() : fromLdconfig();
  const dirs = [
    ...(env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean),
    ...(options.extraDirs ?? ['/usr/local/cuda/lib64', '/usr/local/cuda-11.2/lib64', '/usr/lib/x86_64-linux-gnu']),
  ];
  return REQUIRED_CUDA_LIBRARIES.map((name) => {
    const cached = cache.get(name);
    if (cached) return { name, path: cached };
    for (const dir of dirs) {
      const p = join(dir, name);
      if (existsSync(p)) return { name, path: p };
    }
    return { name, path: null };
  });
}

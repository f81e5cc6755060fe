// NumPy .npz: a zip (stored or deflated, zip64 headers as numpy >= 1.16 writes) of `<key>.npy`.
import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { readNpy, type NpyArray } from './read-npy';

export interface ReadNpzOptions {
  /** Read only these keys (others are not decompressed). Missing ones are an error. */
  keys?: readonly string[];
}

/**
 * Reads an `.npz` file (path or bytes) into a map key → array (keys without `.npy`).
 * Members that are not `.npy` (e.g. a `metadata.json` beside them) are skipped.
 */
export async function readNpz(source: string | Uint8Array, options: ReadNpzOptions = {}): Promise<Map<string, NpyArray>> {
  const name = typeof source === 'string' ? source : 'the .npz data';
  const bytes = typeof source === 'string' ? new Uint8Array(await readFile(source)) : source;
  return readNpzBytes(bytes, name, options);
}

/** Synchronous core of `readNpz` on bytes already in memory. */
export function readNpzBytes(bytes: Uint8Array, name = 'the .npz data', options: ReadNpzOptions = {}): Map<string, NpyArray> {
  const wanted = options.keys ? new Set(options.keys.map((k) => `${k}.npy`)) : null;
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes, { filter: (f) => f.name.endsWith('.npy') && (!wanted || wanted.has(f.name)) });
  } catch (error) {
    throw new Error(`Error in readNpz: ${name} is not a readable zip (${(error as Error).message}).`);
  }
  const out = new Map<string, NpyArray>();
  for (const [member, data] of Object.entries(members)) {
    const key = member.slice(0, -'.npy'.length);
    out.set(key, readNpy(data, `${name}:${member}`));
  }
  if (options.keys) {
    const missing = options.keys.filter((k) => !out.has(k));
    if (missing.length > 0) {
      throw new Error(`Error in readNpz: ${name} must hold the keys ${options.keys.join(', ')}, missing ${missing.join(', ')}.`);
    }
  }
  return out;
}

// Reading Keras HDF5 files through h5wasm. Everything is read into plain JS values and the file is
// closed before returning, so no HDF5 handle outlives a call.
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type H5 = typeof import('h5wasm/node');
type H5Group = import('h5wasm/node').Group;
type H5File = import('h5wasm/node').File;

let h5Promise: Promise<H5> | undefined;

/** h5wasm, loaded once, with HDF5 errors turned into exceptions. */
export async function loadH5(): Promise<H5> {
  h5Promise ??= (async () => {
    const mod = (await import('h5wasm/node')) as H5 & { default?: H5 };
    const h5 = (mod.default ?? mod) as H5;
    const module = (await h5.ready) as unknown as { activate_throwing_error_handler?: () => number };
    // Make HDF5 errors throw instead of printing a diagnostic stack and returning bad handles.
    module.activate_throwing_error_handler?.();
    return h5;
  })();
  return h5Promise;
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** True when the HDF5 superblock signature sits at offset 0, 512, 1024, … (the spec's search). */
function hasHdf5Signature(bytes: Uint8Array): boolean {
  for (let off = 0; off + 8 <= bytes.length; off = off === 0 ? 512 : off * 2) {
    if (HDF5_SIGNATURE.every((b, i) => bytes[off + i] === b)) return true;
  }
  return false;
}

/** The last "minor:" line of an HDF5 diagnostic, which names the actual failure. */
function hdf5Reason(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  const minors = [...msg.matchAll(/minor: (.+)/g)].map((m) => (m[1] ?? '').trim());
  const detail = [...msg.matchAll(/\(\): (.+)/g)].map((m) => (m[1] ?? '').trim());
  return detail.at(-1) ?? minors.at(-1) ?? msg.split('\n')[0] ?? msg;
}

export interface H5Source {
  /** Label used in error messages. */
  label: string;
  /** A file on disk (opened in place), or … */
  path?: string;
  /** … bytes in memory (written to a private temporary file for h5wasm). */
  bytes?: Uint8Array;
  /** The first bytes, for the signature check, and the total size. */
  head: Uint8Array;
  size: number;
}

/** Describes a path or bytes; a path is not read whole (weights files can be 500 MB). */
export async function readSource(pathOrBytes: string | Uint8Array | ArrayBuffer, fn: string): Promise<H5Source> {
  if (typeof pathOrBytes === 'string') {
    try {
      const handle = await open(pathOrBytes, 'r');
      try {
        const { size } = await handle.stat();
        const head = new Uint8Array(Math.min(size, 65536));
        await handle.read(head, 0, head.length, 0);
        return { label: pathOrBytes, path: pathOrBytes, head, size };
      } finally {
        await handle.close();
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new Error(`Error in ${fn}: cannot read '${pathOrBytes}' (${code ?? String(err)}).`);
    }
  }
  let bytes: Uint8Array;
  if (pathOrBytes instanceof ArrayBuffer) bytes = new Uint8Array(pathOrBytes);
  else if (pathOrBytes instanceof Uint8Array) bytes = pathOrBytes;
  else {
    throw new Error(`Error in ${fn}: pathOrBytes must be a file path, a Uint8Array or an ArrayBuffer, got ${typeof pathOrBytes}.`);
  }
  return { label: 'the given bytes', bytes, head: bytes.subarray(0, 65536), size: bytes.length };
}

/**
 * Opens `source` with h5wasm, runs `read` on the root group and closes the file. Corrupt,
 * truncated and non-HDF5 inputs become one sentence naming the file.
 */
export async function withH5File<R>(source: H5Source, fn: string, read: (root: H5Group) => R): Promise<R> {
  if (!hasHdf5Signature(source.head)) {
    throw new Error(
      `Error in ${fn}: ${source.label} is not an HDF5 file (no HDF5 signature in its ${source.size} bytes); expected a Keras .h5 file.`,
    );
  }
  const h5 = await loadH5();
  let dir: string | undefined;
  let path = source.path;
  if (path === undefined) {
    // h5wasm's Node build opens real files; bytes go through a private temporary file.
    dir = await mkdtemp(join(tmpdir(), 'harmonization-h5-'));
    path = join(dir, 'model.h5');
    await writeFile(path, source.bytes ?? new Uint8Array(0));
  }
  let file: H5File | undefined;
  try {
    try {
      file = new h5.File(path, 'r');
    } catch (err) {
      throw new Error(
        `Error in ${fn}: ${source.label} is a corrupt or truncated HDF5 file (${hdf5Reason(err)}; ${source.size} bytes).`,
      );
    }
    try {
      return read(file);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('Error in ')) throw err;
      throw new Error(`Error in ${fn}: ${source.label} is a corrupt or truncated HDF5 file (${hdf5Reason(err)}).`);
    }
  } finally {
    try {
      file?.close();
    } catch {
      // Closing a file whose reads failed can fail again; the first error is the one to report.
    }
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }
}

/** A string attribute (variable- or fixed-length; bytes are decoded as UTF-8), or undefined. */
export function stringAttr(group: H5Group, name: string): string | undefined {
  const attr = group.attrs[name];
  if (!attr) return undefined;
  const v = attr.value;
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

/**
 * A string-array attribute (`layer_names`, `weight_names`). Keras writes fixed-length ASCII
 * arrays, and an EMPTY array as float64 (h5wasm gives Float64Array(0)): both become string[].
 */
export function stringArrayAttr(group: H5Group, name: string): string[] | undefined {
  const attr = group.attrs[name];
  if (!attr) return undefined;
  const v = attr.value;
  if (v === null) return [];
  if (typeof v === 'string') return [v];
  if (ArrayBuffer.isView(v)) {
    if ((v as unknown as { length: number }).length === 0) return [];
    if (v instanceof Uint8Array) return [new TextDecoder().decode(v)];
    return undefined;
  }
  if (Array.isArray(v)) return v.map((s) => (s instanceof Uint8Array ? new TextDecoder().decode(s) : String(s)));
  return undefined;
}

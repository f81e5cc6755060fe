// One downloader for data shards and model weights: a cache folder, HTTP Range resume of an
// interrupted `.part` file, size / sha256 checks, an offline mode and progress callbacks.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { harmonizationHome } from './harmonization-home';

export interface DownloadProgress {
  url: string;
  /** Final path of the file being fetched. */
  path: string;
  /** Bytes on disk so far, including those kept from an earlier interrupted attempt. */
  bytes: number;
  /** Full size when the server or the caller says it, else null. */
  total: number | null;
}

export interface DownloadFileOptions {
  /** Full destination path. Alternatively `cacheDir` + `fileName`. */
  dest?: string;
  /** Folder of the file; default `harmonizationHome()`. Ignored when `dest` is given. */
  cacheDir?: string;
  /** File name inside `cacheDir`; default the last segment of the URL path. */
  fileName?: string;
  /** Expected sha256 (hex). Checked on the cached file and on the new one. */
  sha256?: string;
  /** Expected size in bytes. Checked likewise. */
  size?: number;
  /** Never touch the network: return the cached file or fail. */
  offline?: boolean;
  /** Called after each received chunk. */
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Retries after a failed attempt (dropped connection, HTTP 5xx/408/429); default 5. */
  retries?: number;
  /** Wait before the first retry; doubles each retry up to 30 s. Default 1000 ms. */
  retryDelayMs?: number;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  /** Hex sha256 when one was expected (and so computed), else null. */
  sha256: string | null;
  /** True when the file was already in the cache and no request was made. */
  fromCache: boolean;
  /** HTTP requests made (0 from the cache). */
  attempts: number;
  /** Byte offsets that attempts resumed from with a Range request. */
  resumedFrom: number[];
}

/** An error that retrying cannot fix (HTTP 404, a size the server contradicts, ...). */
class FatalDownloadError extends Error {}

/** Resolves where `downloadFile(url, options)` will store the file. */
export function downloadDestination(url: string, options: Pick<DownloadFileOptions, 'dest' | 'cacheDir' | 'fileName'> = {}): string {
  if (options.dest) return options.dest;
  const name = options.fileName ?? basename(new URL(url).pathname);
  if (!name) {
    throw new Error(`Error in downloadFile: options.fileName must be given when the URL has no file name, got '${url}'.`);
  }
  return join(options.cacheDir ?? harmonizationHome(), name);
}

/** Hex sha256 of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function fileSize(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

/** Why a file fails the expected size / sha256, or null when it passes. */
async function verify(path: string, bytes: number, options: DownloadFileOptions): Promise<{ problem: string | null; sha256: string | null }> {
  if (options.size !== undefined && bytes !== options.size) {
    return { problem: `has ${bytes} bytes, expected ${options.size}`, sha256: null };
  }
  if (!options.sha256) return { problem: null, sha256: null };
  const actual = await sha256File(path);
  const expected = options.sha256.toLowerCase();
  return { problem: actual === expected ? null : `has sha256 ${actual}, expected ${expected}`, sha256: actual };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Downloads `url` into the cache (or `dest`) and returns where it is. A file already there that
 * passes the known size / sha256 is returned without a request. Bytes go to `<dest>.part`; after
 * a dropped connection the next attempt asks only for the missing bytes (`Range: bytes=N-`), and
 * the finished file is checked, then renamed into place, so `dest` is either absent or complete.
 * A file failing its size or sha256 is deleted and the error says so.
 */
export async function downloadFile(url: string, options: DownloadFileOptions = {}): Promise<DownloadResult> {
  const dest = downloadDestination(url, options);
  const retries = options.retries ?? 5;
  const baseDelay = options.retryDelayMs ?? 1000;
  const { signal } = options;

  const cachedBytes = await fileSize(dest);
  if (cachedBytes !== null) {
    const { problem, sha256 } = await verify(dest, cachedBytes, options);
    if (!problem) return { path: dest, bytes: cachedBytes, sha256, fromCache: true, attempts: 0, resumedFrom: [] };
    await rm(dest, { force: true });
    if (options.offline) {
      throw new Error(`Error in downloadFile: the cached file ${dest} ${problem}; the bad file was deleted and offline mode forbids fetching ${url} again.`);
    }
  }
  if (options.offline) {
    throw new Error(`Error in downloadFile: offline mode and ${dest} is not in the cache (it would come from ${url}).`);
  }

  await mkdir(dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  const resumedFrom: number[] = [];
  let attempts = 0;
  for (;;) {
    attempts += 1;
    try {
      await fetchInto(url, part, dest, options, resumedFrom);
      break;
    } catch (error) {
      if (signal?.aborted) throw error;
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof FatalDownloadError) throw new Error(`Error in downloadFile: ${message}`);
      if (attempts > retries) {
        throw new Error(
          `Error in downloadFile: ${url} failed after ${attempts} attempts (last: ${message}); the partial file ${part} is kept for a later resume.`,
        );
      }
      await sleep(Math.min(baseDelay * 2 ** (attempts - 1), 30_000), signal);
    }
  }

  const bytes = (await fileSize(part)) ?? 0;
  const { problem, sha256 } = await verify(part, bytes, options);
  if (problem) {
    await rm(part, { force: true });
    throw new Error(`Error in downloadFile: ${url} ${problem}; the bad file was deleted.`);
  }
  await rename(part, dest);
  return { path: dest, bytes, sha256, fromCache: false, attempts, resumedFrom };
}

/** One HTTP attempt: appends to (or restarts) the `.part` file. Throws on anything incomplete. */
async function fetchInto(url: string, part: string, dest: string, options: DownloadFileOptions, resumedFrom: number[]): Promise<void> {
  let have = (await fileSize(part)) ?? 0;
  if (options.size !== undefined && have > options.size) {
    await rm(part, { force: true });
    have = 0;
  }
  // identity: a compressed body would make byte offsets meaningless for Range.
  const headers: Record<string, string> = { 'accept-encoding': 'identity', ...options.headers };
  if (have > 0) headers.range = `bytes=${have}-`;
  const res = await fetch(url, { headers, signal: options.signal, redirect: 'follow' });

  if (res.status === 416 && have > 0) {
    // The .part may already hold everything (a crash between the last byte and the rename).
    await res.body?.cancel();
    const total = Number(/\/(\d+)\s*$/.exec(res.headers.get('content-range') ?? '')?.[1] ?? NaN);
    if (total === have) return;
    await rm(part, { force: true });
    throw new Error(`HTTP 416 for bytes=${have}- (server size ${Number.isNaN(total) ? 'unknown' : total}); restarting from 0`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    const text = `${url} answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
    if (res.status >= 500 || res.status === 408 || res.status === 429) throw new Error(text);
    throw new FatalDownloadError(`${text}.`);
  }

  let total: number | null;
  let append: boolean;
  if (res.status === 206) {
    const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(res.headers.get('content-range') ?? '');
    if (!m || Number(m[1]) !== have) {
      await res.body?.cancel();
      await rm(part, { force: true });
      throw new Error(`the server answered Range bytes=${have}- with '${res.headers.get('content-range')}'; restarting from 0`);
    }
    total = m[3] === '*' ? null : Number(m[3]);
    append = true;
    resumedFrom.push(have);
  } else {
    // 200: the server sent the whole file (it may ignore Range).
    const length = res.headers.get('content-length');
    total = length === null ? null : Number(length);
    append = false;
    have = 0;
  }
  if (options.size !== undefined && total !== null && total !== options.size) {
    await res.body?.cancel();
    await rm(part, { force: true });
    throw new FatalDownloadError(`${url} is ${total} bytes on the server, expected ${options.size}; nothing was kept.`);
  }
  total ??= options.size ?? null;

  const file = await open(part, append ? 'a' : 'w');
  try {
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        await file.write(value);
        have += value.byteLength;
        options.onProgress?.({ url, path: dest, bytes: have, total });
      }
    }
  } finally {
    await file.close();
  }
  if (total !== null && have !== total) {
    throw new Error(`the connection ended at byte ${have} of ${total}`);
  }
}

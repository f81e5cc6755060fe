import { join } from 'node:path';
import { CLICKME_BASE_URL, clickMeShardFileName, clickMeShardUrl, CLICKME_SHARD_COUNTS, type ClickMeSplit } from './clickme-urls';
import { downloadFile } from './download-file';
import { harmonizationHome } from './harmonization-home';

export interface ClickMeDownloadProgress {
  split: ClickMeSplit;
  shard: number;
  url: string;
  path: string;
  /** Bytes of this shard on disk so far. */
  bytes: number;
  /** Size of this shard when known. */
  total: number | null;
  /** Shards finished (downloaded or found in the cache) so far. */
  filesDone: number;
  filesTotal: number;
}

export interface DownloadClickMeOptions {
  split: ClickMeSplit;
  /** Shard indices; default all of the split (train 0..318, val 0..17). */
  shards?: readonly number[];
  /** Folder of the shards; default `<harmonizationHome()>/click-me`. */
  cacheDir?: string;
  /** Use only what is cached; fail naming the first missing shard. */
  offline?: boolean;
  /** Shards fetched at once; default 2. */
  concurrency?: number;
  onProgress?: (progress: ClickMeDownloadProgress) => void;
  signal?: AbortSignal;
  /** Per shard, as in `downloadFile`. */
  retries?: number;
  retryDelayMs?: number;
  /** A mirror with the same layout (`{base}/{split}/{split}-{i}.tfrecords`). */
  baseUrl?: string;
}

/** Default folder of the ClickMe shards: `<harmonizationHome()>/click-me`. */
export function clickMeCacheDir(): string {
  return join(harmonizationHome(), 'click-me');
}

/**
 * Makes the requested ClickMe shards local and returns their paths in shard order. Cached shards
 * are reused, interrupted ones resume. On the first failure the other downloads stop and the
 * error is thrown (their partial files stay for a later resume).
 */
export async function downloadClickMe(options: DownloadClickMeOptions): Promise<string[]> {
  const { split } = options;
  const shards = options.shards ?? Array.from({ length: CLICKME_SHARD_COUNTS[split] }, (_, i) => i);
  const names = shards.map((i) => clickMeShardFileName(split, i)); // validates split and indices
  const cacheDir = options.cacheDir ?? clickMeCacheDir();
  const concurrency = options.concurrency ?? 2;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`Error in downloadClickMe: concurrency must be a positive integer, got ${concurrency}.`);
  }

  const stop = new AbortController();
  const onOuterAbort = () => stop.abort(options.signal!.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const paths: string[] = new Array(shards.length);
  let next = 0;
  let filesDone = 0;
  let firstError: unknown = null;

  const worker = async () => {
    while (firstError === null && next < shards.length) {
      const k = next++;
      const shard = shards[k]!;
      const url = clickMeShardUrl(split, shard, options.baseUrl ?? CLICKME_BASE_URL);
      try {
        const result = await downloadFile(url, {
          dest: join(cacheDir, names[k]!),
          offline: options.offline,
          signal: stop.signal,
          retries: options.retries,
          retryDelayMs: options.retryDelayMs,
          onProgress: (p) =>
            options.onProgress?.({ split, shard, url, path: p.path, bytes: p.bytes, total: p.total, filesDone, filesTotal: shards.length }),
        });
        paths[k] = result.path;
        filesDone += 1;
        options.onProgress?.({ split, shard, url, path: result.path, bytes: result.bytes, total: result.bytes, filesDone, filesTotal: shards.length });
      } catch (error) {
        if (firstError === null) {
          firstError = error;
          stop.abort(error);
        }
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, shards.length) }, worker));
  } finally {
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
  if (firstError !== null) throw firstError;
  return paths;
}

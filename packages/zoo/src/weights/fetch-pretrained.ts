// Fetches a pretrained weights file through the datasets package's downloader (cache, resume,
// size/sha256 verification, offline mode). No sha256 is published for the harmonized files, so
// the first download records one beside the file (`<file>.sha256`, sha256sum format) and every
// later use verifies against it (trust on first use). A published sha256 always wins.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { downloadDestination, downloadFile, sha256File, type DownloadProgress } from '@harmonization/datasets';
import type { PretrainedConfig } from '../registry/types';

export interface FetchWeightsOptions {
  /** Folder of the cached files (default: the datasets package's HARMONIZATION_HOME). */
  cacheDir?: string;
  /** Never touch the network. */
  offline?: boolean;
  onProgress?: (progress: DownloadProgress) => void;
}

export interface FetchWeightsResult {
  path: string;
  sha256: string;
  /** Where the hash came from: the registry, an earlier download's record, or this download. */
  hashSource: 'published' | 'recorded' | 'first-download';
  fromCache: boolean;
}

/** Path of the recorded hash of a cached file. */
export function hashRecordPath(filePath: string): string {
  return `${filePath}.sha256`;
}

async function readRecord(path: string): Promise<string | undefined> {
  try {
    const text = await readFile(path, 'utf8');
    const hex = /^([0-9a-f]{64})\b/i.exec(text.trim())?.[1];
    return hex?.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Downloads (or finds in the cache) the file of `config` and verifies it. */
export async function fetchPretrainedWeights(config: PretrainedConfig, options: FetchWeightsOptions = {}): Promise<FetchWeightsResult> {
  const where = { cacheDir: options.cacheDir, fileName: config.fileName };
  const dest = downloadDestination(config.url, where);
  const record = hashRecordPath(dest);
  const recorded = config.sha256 ? undefined : await readRecord(record);
  const expected = config.sha256?.toLowerCase() ?? recorded;
  let result;
  try {
    result = await downloadFile(config.url, {
      ...where,
      sha256: expected,
      size: config.size,
      offline: options.offline,
      onProgress: options.onProgress,
    });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const why = recorded ? ` (the expected sha256 is the one recorded at the first download, in ${record})` : '';
    throw new Error(`${msg.replace(/^Error in downloadFile:/, `Error in fetchPretrainedWeights (${config.fileName}):`)}${why}`);
  }
  if (expected) {
    return { path: result.path, sha256: expected, hashSource: config.sha256 ? 'published' : 'recorded', fromCache: result.fromCache };
  }
  const sha256 = await sha256File(result.path);
  const tmp = `${record}.tmp-${process.pid}`;
  await writeFile(tmp, `${sha256}  ${config.fileName}\n`);
  await rename(tmp, record);
  return { path: result.path, sha256, hashSource: 'first-download', fromCache: result.fromCache };
}

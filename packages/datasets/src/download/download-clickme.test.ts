import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLICKME_BASE_URL, clickMeShardUrl, clickMeShardUrls } from './clickme-urls';
import { downloadClickMe, type ClickMeDownloadProgress } from './download-clickme';
import { startRangeServer, type RangeServer } from './range-server.fixture';

let server: RangeServer | null = null;
let dir = '';
afterEach(async () => {
  await server?.close();
  server = null;
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('ClickMe shard URLs', () => {
  it('lists every official shard, the last partial ones included', () => {
    const val = clickMeShardUrls('val');
    expect(val).toHaveLength(18);
    expect(val[0]).toBe(`${CLICKME_BASE_URL}/val/val-0.tfrecords`);
    expect(val[17]).toBe('https://storage.googleapis.com/serrelab/prj_harmonization/dataset/click-me/val/val-17.tfrecords');
    const train = clickMeShardUrls('train');
    expect(train).toHaveLength(319);
    expect(train[318]).toBe(`${CLICKME_BASE_URL}/train/train-318.tfrecords`);
    expect(clickMeShardUrl('val', 3, 'http://mirror/x/')).toBe('http://mirror/x/val/val-3.tfrecords');
  });

  it('rejects unknown splits and shard indices', () => {
    expect(() => clickMeShardUrl('val', 18)).toThrow(
      "Error in clickMeShardFileName: index must be an integer in 0..17 for split 'val', got 18.",
    );
    expect(() => clickMeShardUrls('test' as 'val')).toThrow("Error in clickMeShardUrls: split must be 'train' or 'val', got 'test'.");
  });
});

describe('downloadClickMe', () => {
  it('fetches the requested shards concurrently (one dropping mid-file) and reuses them offline', async () => {
    const files: Record<string, Uint8Array> = {};
    for (const i of [0, 5, 17]) files[`/click-me/val/val-${i}.tfrecords`] = randomBytes(40_000 + i);
    server = await startRangeServer({ files, drops: { '/click-me/val/val-5.tfrecords': { count: 1, afterBytes: 10_000 } } });
    dir = await mkdtemp(join(tmpdir(), 'harmonization-clickme-'));
    const progress: ClickMeDownloadProgress[] = [];
    const paths = await downloadClickMe({
      split: 'val',
      shards: [17, 0, 5],
      cacheDir: dir,
      baseUrl: `${server.baseUrl}/click-me`,
      concurrency: 2,
      retryDelayMs: 5,
      onProgress: (p) => progress.push(p),
    });
    expect(paths).toEqual([join(dir, 'val-17.tfrecords'), join(dir, 'val-0.tfrecords'), join(dir, 'val-5.tfrecords')]);
    for (const [k, i] of [17, 0, 5].entries()) {
      expect(Buffer.compare(await readFile(paths[k]!), files[`/click-me/val/val-${i}.tfrecords`]!)).toBe(0);
    }
    expect(server.requests.some((r) => r.path.endsWith('val-5.tfrecords') && r.range?.startsWith('bytes='))).toBe(true);
    expect(progress.at(-1)).toMatchObject({ filesDone: 3, filesTotal: 3 });

    const n = server.requests.length;
    await expect(downloadClickMe({ split: 'val', shards: [0, 5, 17], cacheDir: dir, offline: true })).resolves.toHaveLength(3);
    expect(server.requests).toHaveLength(n);
    await expect(downloadClickMe({ split: 'val', shards: [1], cacheDir: dir, offline: true })).rejects.toThrow(
      `Error in downloadFile: offline mode and ${join(dir, 'val-1.tfrecords')} is not in the cache`,
    );
  });

  it('stops on a missing shard with the server status', async () => {
    server = await startRangeServer({ files: {} });
    dir = await mkdtemp(join(tmpdir(), 'harmonization-clickme-'));
    await expect(
      downloadClickMe({ split: 'train', shards: [318], cacheDir: dir, baseUrl: server.baseUrl, retryDelayMs: 5 }),
    ).rejects.toThrow(`${server.baseUrl}/train/train-318.tfrecords answered HTTP 404 Not Found.`);
  });
});

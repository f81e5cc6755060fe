import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadDestination, downloadFile, type DownloadProgress } from './download-file';
import { harmonizationHome } from './harmonization-home';
import { startRangeServer, type RangeServer } from './range-server.fixture';

const FILE = randomBytes(300_000);
const SHA = createHash('sha256').update(FILE).digest('hex');

let dir: string;
let server: RangeServer | null = null;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'harmonization-dl-'));
});
afterEach(async () => {
  await server?.close();
  server = null;
  await rm(dir, { recursive: true, force: true });
});

describe('downloadFile', () => {
  it('resumes with Range after the connection drops mid-file, twice, and verifies size + sha256', async () => {
    server = await startRangeServer({ files: { '/f.bin': FILE }, drops: { '/f.bin': { count: 2, afterBytes: 100_000 } } });
    const progress: DownloadProgress[] = [];
    const result = await downloadFile(`${server.baseUrl}/f.bin`, {
      cacheDir: dir,
      sha256: SHA,
      size: FILE.length,
      retryDelayMs: 5,
      onProgress: (p) => progress.push(p),
    });

    expect(result.path).toBe(join(dir, 'f.bin'));
    expect(result.fromCache).toBe(false);
    expect(result.attempts).toBe(3);
    expect(result.sha256).toBe(SHA);
    expect(Buffer.compare(await readFile(result.path), FILE)).toBe(0);
    expect(existsSync(`${result.path}.part`)).toBe(false);

    // The first request asked for everything; the two later ones only for what was missing.
    const ranges = server.requests.map((r) => r.range);
    expect(ranges[0]).toBeNull();
    expect(ranges).toHaveLength(3);
    const starts = ranges.slice(1).map((r) => Number(/^bytes=(\d+)-$/.exec(r ?? '')?.[1]));
    expect(starts[0]).toBeGreaterThan(0);
    expect(starts[1]).toBeGreaterThan(starts[0]!);
    expect(starts[1]).toBeLessThanOrEqual(200_000);
    expect(result.resumedFrom).toEqual(starts);

    // Progress counts bytes on disk, never goes back across a resume, and ends at the total.
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.bytes).toBeGreaterThanOrEqual(progress[i - 1]!.bytes);
    expect(progress.at(-1)).toMatchObject({ bytes: FILE.length, total: FILE.length });
  });

  it('restarts from zero when the server ignores Range', async () => {
    server = await startRangeServer({
      files: { '/f.bin': FILE },
      drops: { '/f.bin': { count: 1, afterBytes: 50_000 } },
      acceptRanges: false,
    });
    const result = await downloadFile(`${server.baseUrl}/f.bin`, { dest: join(dir, 'sub', 'x.bin'), sha256: SHA, retryDelayMs: 5 });
    expect(result.resumedFrom).toEqual([]);
    expect(server.requests[1]!.range).toMatch(/^bytes=\d+-$/); // asked, but got a 200
    expect(Buffer.compare(await readFile(join(dir, 'sub', 'x.bin')), FILE)).toBe(0);
  });

  it('finishes a .part that already holds every byte (the server answers 416)', async () => {
    server = await startRangeServer({ files: { '/f.bin': FILE } });
    await writeFile(join(dir, 'f.bin.part'), FILE);
    const result = await downloadFile(`${server.baseUrl}/f.bin`, { cacheDir: dir, sha256: SHA });
    expect(server.requests.map((r) => r.range)).toEqual([`bytes=${FILE.length}-`]);
    expect(result).toMatchObject({ bytes: FILE.length, sha256: SHA, fromCache: false });
    expect(existsSync(join(dir, 'f.bin.part'))).toBe(false);
  });

  it('retries HTTP 503 and then succeeds', async () => {
    server = await startRangeServer({ files: { '/f.bin': FILE }, failures: { '/f.bin': { count: 2, status: 503 } } });
    const result = await downloadFile(`${server.baseUrl}/f.bin`, { cacheDir: dir, retryDelayMs: 5 });
    expect(result.attempts).toBe(3);
    expect(result.bytes).toBe(FILE.length);
  });

  it('deletes a file whose sha256 is wrong and says so', async () => {
    server = await startRangeServer({ files: { '/f.bin': FILE } });
    const bad = '0'.repeat(64);
    await expect(downloadFile(`${server.baseUrl}/f.bin`, { cacheDir: dir, sha256: bad, retryDelayMs: 5 })).rejects.toThrow(
      `Error in downloadFile: ${server.baseUrl}/f.bin has sha256 ${SHA}, expected ${bad}; the bad file was deleted.`,
    );
    expect(existsSync(join(dir, 'f.bin'))).toBe(false);
    expect(existsSync(join(dir, 'f.bin.part'))).toBe(false);
  });

  it('refuses a server size that contradicts the expected size, keeping nothing', async () => {
    server = await startRangeServer({ files: { '/f.bin': FILE } });
    await expect(downloadFile(`${server.baseUrl}/f.bin`, { cacheDir: dir, size: 123 })).rejects.toThrow(
      `Error in downloadFile: ${server.baseUrl}/f.bin is ${FILE.length} bytes on the server, expected 123; nothing was kept.`,
    );
    expect(server.requests).toHaveLength(1);
    expect(existsSync(join(dir, 'f.bin.part'))).toBe(false);
  });

  it('fails at once on HTTP 404 (no retries)', async () => {
    server = await startRangeServer({ files: {} });
    await expect(downloadFile(`${server.baseUrl}/missing.bin`, { cacheDir: dir, retryDelayMs: 5 })).rejects.toThrow(
      `Error in downloadFile: ${server.baseUrl}/missing.bin answered HTTP 404 Not Found.`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('gives up after the retries, keeping the partial file for later', async () => {
    server = await startRangeServer({ files: { '/f.bin': FILE }, drops: { '/f.bin': { count: 10, afterBytes: 1000 } } });
    await expect(downloadFile(`${server.baseUrl}/f.bin`, { cacheDir: dir, retries: 2, retryDelayMs: 5 })).rejects.toThrow(
      /failed after 3 attempts .*the partial file .*f\.bin\.part is kept for a later resume\./,
    );
    expect(existsSync(join(dir, 'f.bin.part'))).toBe(true);
    // A later call resumes from there.
    await server.close();
    server = await startRangeServer({ files: { '/f.bin': FILE } });
    const result = await downloadFile(`${server.baseUrl}/f.bin`, { cacheDir: dir, sha256: SHA });
    expect(result.resumedFrom[0]).toBeGreaterThan(0);
    expect(result.sha256).toBe(SHA);
  });

  it('uses a verified cached file without a request; offline fails clearly when it is missing', async () => {
    server = await startRangeServer({ files: { '/f.bin': FILE } });
    const url = `${server.baseUrl}/f.bin`;
    await expect(downloadFile(url, { cacheDir: dir, offline: true })).rejects.toThrow(
      `Error in downloadFile: offline mode and ${join(dir, 'f.bin')} is not in the cache (it would come from ${url}).`,
    );
    expect(server.requests).toHaveLength(0);
    await downloadFile(url, { cacheDir: dir });
    const again = await downloadFile(url, { cacheDir: dir, offline: true, sha256: SHA, size: FILE.length });
    expect(again).toMatchObject({ fromCache: true, attempts: 0, bytes: FILE.length, sha256: SHA });
    expect(server.requests).toHaveLength(1);
  });

  it('replaces a corrupt cached file (online) and deletes it (offline)', async () => {
    server = await startRangeServer({ files: { '/f.bin': FILE } });
    const url = `${server.baseUrl}/f.bin`;
    await writeFile(join(dir, 'f.bin'), 'garbage');
    await expect(downloadFile(url, { cacheDir: dir, offline: true, sha256: SHA })).rejects.toThrow(
      /the cached file .*f\.bin has sha256 [0-9a-f]{64}, expected [0-9a-f]{64}; the bad file was deleted and offline mode forbids/,
    );
    expect(existsSync(join(dir, 'f.bin'))).toBe(false);
    await writeFile(join(dir, 'f.bin'), 'garbage');
    const result = await downloadFile(url, { cacheDir: dir, sha256: SHA });
    expect(result.fromCache).toBe(false);
    expect(Buffer.compare(await readFile(join(dir, 'f.bin')), FILE)).toBe(0);
  });

  it('stops on abort and keeps the partial file', async () => {
    server = await startRangeServer({ files: { '/f.bin': FILE }, drops: { '/f.bin': { count: 10, afterBytes: 1000 } } });
    const controller = new AbortController();
    const pending = downloadFile(`${server.baseUrl}/f.bin`, { cacheDir: dir, retryDelayMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user abort')), 200);
    await expect(pending).rejects.toThrow('user abort');
    expect(server.requests).toHaveLength(1);
  });

  it('resolves the destination and the cache folder', () => {
    expect(downloadDestination('https://h/a/b/w.h5', { cacheDir: '/c' })).toBe('/c/w.h5');
    expect(downloadDestination('https://h/a/b/w.h5', { cacheDir: '/c', fileName: 'x' })).toBe('/c/x');
    expect(downloadDestination('https://h/a', { dest: '/d/e' })).toBe('/d/e');
    expect(() => downloadDestination('https://h/', { cacheDir: '/c' })).toThrow(
      "Error in downloadFile: options.fileName must be given when the URL has no file name, got 'https://h/'.",
    );
    expect(harmonizationHome({ HARMONIZATION_HOME: '/h' })).toBe('/h');
    expect(harmonizationHome({ XDG_CACHE_HOME: '/x' })).toBe('/x/harmonization');
    expect(harmonizationHome({})).toBe(join(homedir(), '.cache', 'harmonization'));
  });
});

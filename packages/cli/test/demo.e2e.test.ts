// `harmonize demo` end to end on reduced settings: the real binary, real data, real training in
// two worker threads, the whole report folder.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from './run-cli';

beforeAll(() => assertBuilt());

interface ModelResult {
  accuracy: number;
  shortcutAccuracy: number;
  alignmentScore: number;
  shortcutSaliencyShare: number;
  trainSeconds: number;
}

describe('harmonize demo (reduced size)', () => {
  it('trains both models and writes results.json, summary.md, gallery.png, plot.png and reusable shards', { timeout: 400_000 }, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'harmonize-demo-')), 'report');
    const r = runCli(['demo', '--out', out, '--steps', '40', '--train-size', '256', '--test-size', '48', '--gallery', '3', '--seed', '7']);
    expect(r.stderr).not.toContain('harmonize:');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('alignment score');

    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
      baseline: ModelResult;
      harmonized: ModelResult;
      config: { steps: number; seed: number; lambda: number };
      timings: { total: number; parallel: boolean };
    };
    for (const m of [results.baseline, results.harmonized]) {
      for (const k of ['accuracy', 'shortcutAccuracy', 'alignmentScore', 'shortcutSaliencyShare'] as const) {
        expect(Number.isFinite(m[k]), k).toBe(true);
      }
      expect(m.accuracy).toBeGreaterThanOrEqual(0);
      expect(m.accuracy).toBeLessThanOrEqual(1);
      expect(m.shortcutSaliencyShare).toBeGreaterThan(0);
      expect(m.shortcutSaliencyShare).toBeLessThan(1);
      expect(m.trainSeconds).toBeGreaterThan(0);
    }
    expect(results.config).toMatchObject({ steps: 40, seed: 7, lambda: 10 });
    expect(results.timings.parallel).toBe(true);
    // After 40 steps with the shortcut in every training image, the shortcut split is easier
    // than the shortcut-free one for the baseline: the data really carry the cue.
    expect(results.baseline.shortcutAccuracy).toBeGreaterThan(results.baseline.accuracy);

    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toContain('## What this run found');
    expect(summary).toContain(results.harmonized.alignmentScore.toFixed(3));

    const gallery = await sharp(join(out, 'gallery.png')).metadata();
    expect(gallery.format).toBe('png');
    // 4 columns × 3 rows of 32×32 tiles enlarged 4×, 4 px gaps, 28 px header.
    expect(gallery.width).toBe(4 * 128 + 5 * 4);
    expect(gallery.height).toBe(28 + 3 * 128 + 4 * 4);
    expect((await sharp(join(out, 'plot.png')).metadata()).format).toBe('png');

    for (const split of ['train', 'test', 'test-shortcut']) expect(readdirSync(join(out, 'data', split)).some((f) => f.endsWith('.tfrecords'))).toBe(true);
    // nothing temporary left behind
    expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(existsSync(join(out, 'plot.svg'))).toBe(true);
  });
});

// Real human maps: the MIT1003 eye-tracking pairs packed as ClickMe shards by `harmonize pack`,
// then evaluated by `harmonize eval` — and the same folder evaluated directly (--images/--maps).
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realFixture, skipWithoutRealFixtures } from '@harmonization/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from './run-cli';

const skip = skipWithoutRealFixtures();
const mit = realFixture('human-maps', 'mit1003');

describe.skipIf(skip)('MIT1003 human maps through pack and eval', () => {
  beforeAll(() => assertBuilt());
  const root = mkdtempSync(join(tmpdir(), 'harmonize-mit-'));

  it('packs the 25 pairs into shards and evaluates a model on them', () => {
    const shards = join(root, 'shards');
    const p = runCli(['pack', '--images', join(mit!, 'stimuli'), '--maps', join(mit!, 'fixation_maps'), '--out', shards, '--size', '64', '--per-shard', '10', '-q']);
    expect(p.stderr).toBe('');
    expect(p.code).toBe(0);
    expect(readdirSync(shards).filter((f) => f.endsWith('.tfrecords'))).toHaveLength(3);

    const e = runCli(['eval', '--model', 'tiny_vgg', '--image-size', '64', '--data', shards, '--json']);
    expect(e.stderr).toBe('');
    expect(e.code).toBe(0);
    const res = JSON.parse(e.stdout) as { count: number; alignmentScore: number; perImage: { spearman: number[] } };
    expect(res.count).toBe(25);
    expect(res.perImage.spearman.every((s) => s >= -1 && s <= 1)).toBe(true);
    expect(Number.isFinite(res.alignmentScore)).toBe(true);

    const d = runCli(['eval', '--model', 'tiny_vgg', '--image-size', '64', '--images', join(mit!, 'stimuli'), '--maps', join(mit!, 'fixation_maps'), '--limit', '5', '--json']);
    expect(d.code).toBe(0);
    expect((JSON.parse(d.stdout) as { count: number; accuracy: number | null }).accuracy).toBeNull();
  });
});

// zoo convert on a real Keras file, download's offline failure, saliency PNGs, plot over files.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realFixture, skipWithoutRealFixtures } from '@harmonization/test-support';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from './run-cli';

beforeAll(() => assertBuilt());
const root = mkdtempSync(join(tmpdir(), 'harmonize-other-'));

describe('harmonize zoo / download / saliency / plot', () => {
  it.skipIf(skipWithoutRealFixtures())('converts a real Keras .h5 model into a TensorFlow.js folder', () => {
    const out = join(root, 'converted');
    const r = runCli(['zoo', 'convert', realFixture('keras-h5', 'tinymaix_mnist_valid.h5')!, out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^wrote .*converted \([\d,]+ parameters, \d+ layers\)/);
    expect(readdirSync(out).sort()).toEqual(expect.arrayContaining(['harmonize-model.json', 'model.json']));
    const bad = runCli(['zoo', 'convert', realFixture('tfrecord', 'pets_examples_5records.record')!, join(root, 'bad')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(root, 'bad'))).toBe(false);
  });

  it('download --offline fails in one sentence when the cache lacks a shard', () => {
    const r = runCli(['download', '--split', 'val', '--offline', '--dir', join(root, 'empty-cache')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^harmonize: Downloading the ClickMe val shards failed: /);
  });

  it('zoo list / info', () => {
    const list = JSON.parse(runCli(['zoo', 'list', 'tiny_*', '--json']).stdout) as Array<{ name: string }>;
    expect(list.map((m) => m.name)).toEqual(['tiny_resnet', 'tiny_vgg']);
    expect(runCli(['zoo', 'info', 'tiny_vgg']).stdout).toContain('29,734 parameters');
    const unknown = runCli(['zoo', 'info', 'resnet5']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Did you mean 'resnet50'");
  });

  it('saliency writes one PNG per image at the model input size', async () => {
    const img = join(root, 'in.png');
    writeFileSync(img, await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 30, b: 30 } } }).png().toBuffer());
    const r = runCli(['saliency', img, '--model', 'tiny_vgg', '--label', '2', '--out', join(root, 'maps'), '-q']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const meta = await sharp(join(root, 'maps', 'in.saliency.png')).metadata();
    expect([meta.width, meta.height]).toEqual([32, 32]);
    expect(runCli(['saliency', img, '--model', 'tiny_vgg', '--label', '9']).stderr.trim()).toBe("harmonize: --label must be below the model's 6 classes, got 9.");
  });

  it('plot draws every result file (demo and eval formats) and rejects files without the numbers', async () => {
    const demo = join(root, 'run-a', 'results.json');
    const ev = join(root, 'eval.json');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(root, 'run-a'));
    writeFileSync(demo, JSON.stringify({ baseline: { accuracy: 0.5, alignmentScore: 0.3 }, harmonized: { accuracy: 0.7, alignmentScore: 0.6 } }));
    writeFileSync(ev, JSON.stringify({ model: 'vgg16.harmonized', accuracy: 0.6, alignmentScore: 0.4 }));
    const r = runCli(['plot', demo, ev, '--out', join(root, 'fig.png')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('(3 points)');
    writeFileSync(join(root, 'x.json'), '{"a":1}');
    const bad = runCli(['plot', join(root, 'x.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('holds no accuracy and alignmentScore');
  });
});

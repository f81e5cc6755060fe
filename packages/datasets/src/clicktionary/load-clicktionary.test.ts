import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReference } from '@harmonization/test-support';
import { CLICKTIONARY_EXPERIMENTS, clicktionaryRevealedPercent, loadClicktionary, parseClicktionaryName } from './load-clicktionary';
import { readClicktionaryImage } from './read-clicktionary-image';

const NPZ = fileURLToPath(new URL('../../../../tools/reference/fixtures/datasets_npz/', import.meta.url));
const ref = loadReference<{
  clicktionary_human: { revelation: number[]; mean: number[]; std: number[]; normalised: number[]; rows: number };
}>('datasets_npz').clicktionary_human;

/** A grey PNG whose pixel (x, y) is (7x + 3y) mod 256. */
async function greyPng(path: string, width: number, height: number) {
  const px = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) px[y * width + x] = (7 * x + 3 * y) % 256;
  await sharp(px, { raw: { width, height, channels: 1 } }).png().toFile(path);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clicktionary-'));
  const [e1, e2] = CLICKTIONARY_EXPERIMENTS.map((f) => join(dir, f));
  await mkdir(e1!);
  await mkdir(e2!);
  await greyPng(join(e1!, '0_great_white_shark1.png'), 225, 231);
  await greyPng(join(e1!, 'full_crane2.png'), 224, 224);
  await greyPng(join(e1!, '50_abacus3.png'), 240, 230);
  await greyPng(join(e2!, '90_golden_retriever1.png'), 256, 256);
  await greyPng(join(e2!, '10_tench4.png'), 256, 256);
  await copyFile(join(NPZ, 'clicktionary_human.npz'), join(dir, 'data_for_zahra.npz'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadClicktionary', () => {
  it('lists the stimuli of both experiments with difficulty, revealed %, ImageNet class and animal flag', async () => {
    const { stimuli } = await loadClicktionary({ dir });
    expect(stimuli.map((s) => [s.experiment, s.difficulty, s.className, s.classIndex, s.animal, s.sample])).toEqual([
      [1, '0', 'great white shark', 2, true, '1'],
      [1, '50', 'abacus', 398, false, '3'],
      [1, 'full', 'crane', 517, false, '2'],
      [2, '10', 'tench', 0, true, '4'],
      [2, '90', 'golden retriever', 207, true, '1'],
    ]);
    expect(stimuli[2]!.sharedWith).toEqual([134, 517]); // the original's map silently took 517
    expect(stimuli[0]!.sharedWith).toBeUndefined();
    expect(stimuli.map((s) => s.revealedPercent)).toEqual([1, 10, 100, 10 ** 0.2, 10 ** 1.8]);
    expect(stimuli[0]!.path).toBe(join(dir, CLICKTIONARY_EXPERIMENTS[0], '0_great_white_shark1.png'));
  });

  it('builds the human curve like get_human_data (numpy reference)', async () => {
    const { human, humanImages } = await loadClicktionary({ dir });
    expect(human!.revelation).toEqual(ref.revelation);
    expect(human!.droppedRevelation).toBe(200);
    human!.mean.forEach((v, i) => expect(v).toBeCloseTo(ref.mean[i]!, 12));
    human!.std.forEach((v, i) => expect(v).toBeCloseTo(ref.std[i]!, 12));
    human!.normalised.forEach((v, i) => expect(v).toBeCloseTo(ref.normalised[i]!, 12));
    expect(Math.min(...human!.normalised)).toBe(0);
    expect(Math.max(...human!.normalised)).toBe(1);
    expect(human!.count.reduce((a, b) => a + b, 0) + 6).toBe(ref.rows); // 6 full-image trials dropped
    expect(humanImages).toHaveLength(ref.rows);
  });

  it('says clearly when data_human is a pickled object array', async () => {
    const other = await mkdtemp(join(tmpdir(), 'clicktionary-p-'));
    try {
      await copyFile(join(NPZ, 'clicktionary_pickled.npz'), join(other, 'data_for_zahra.npz'));
      await expect(loadClicktionary({ dir: other })).rejects.toThrow(
        /^Error in loadClicktionary: .*data_for_zahra\.npz:data_human\.npy holds a pickled object array \(dtype '\|O'\), which cannot be read without Python/,
      );
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('rejects unknown classes (or skips them), bad names, and a folder without the data', async () => {
    const other = await mkdtemp(join(tmpdir(), 'clicktionary-u-'));
    try {
      await expect(loadClicktionary({ dir: other })).rejects.toThrow(/dir must hold exp_1_clicktionary_probabilistic_region_growth_centered or/);
      const e1 = join(other, CLICKTIONARY_EXPERIMENTS[0]);
      await mkdir(e1);
      await greyPng(join(e1, '20_unicorn1.png'), 224, 224);
      await expect(loadClicktionary({ dir: other })).rejects.toThrow(
        `Error in loadClicktionary: stimulus ${join(e1, '20_unicorn1.png')} names class 'unicorn', which is no ImageNet-1k class alias.`,
      );
      expect((await loadClicktionary({ dir: other, onUnknownClass: 'skip' })).stimuli).toEqual([]);
      await greyPng(join(e1, '25_tench1.png'), 224, 224);
      await expect(loadClicktionary({ dir: other, onUnknownClass: 'skip' })).rejects.toThrow(/must be named <difficulty 0\.\.90\|full>_<class><sample>\.png/);
      await expect(loadClicktionary({ dir: join(other, 'nope') })).rejects.toThrow('Error in loadClicktionary: dir must be an existing folder');
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('parses names and revealed percentages', () => {
    expect(parseClicktionaryName('30_english_springer7.png')).toEqual({ difficulty: '30', classWords: 'english springer', sample: '7' });
    expect(parseClicktionaryName('notastimulus.png')).toBeNull();
    expect(clicktionaryRevealedPercent('40')).toBeCloseTo(6.30957, 5);
  });
});

describe('readClicktionaryImage', () => {
  it('centre-crops with Python rounding and repeats the grey channel', async () => {
    tf.setBackend('cpu');
    const path = join(dir, CLICKTIONARY_EXPERIMENTS[0], '0_great_white_shark1.png'); // 225 x 231
    const t = await readClicktionaryImage(path);
    expect(t.shape).toEqual([224, 224, 3]);
    const v = t.arraySync();
    t.dispose();
    // left = round(0.5) = 0, top = round(3.5) = 4
    for (const [y, x] of [[0, 0], [5, 17], [223, 223]] as const) {
      const want = (7 * x + 3 * (y + 4)) % 256;
      expect(v[y]![x]).toEqual([want, want, want]);
    }
    const small = join(dir, 'small.png');
    await greyPng(small, 200, 300);
    await expect(readClicktionaryImage(small)).rejects.toThrow(`Error in readClicktionaryImage: ${small} must be at least 224x224, got 200x300.`);
  });
});

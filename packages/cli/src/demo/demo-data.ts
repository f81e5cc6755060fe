// The demo's data: the synthetic shortcut ClickMe dataset of @harmonization/datasets, held in
// memory for training (the typed-array form: no JPEG round trip) and also written as
// ClickMe-schema shards under <out>/data so `harmonize train` / `eval` can reuse it.
import { generateShortcutClickMe, generateShortcutClickMeArrays, type ShortcutSplit } from '@harmonization/datasets';
import { join } from 'node:path';
import { writeDirAtomic } from '../util/atomic-write';
import type { DemoConfig, DemoData, DemoSplit } from './demo-config';

function split(config: DemoConfig, which: ShortcutSplit, count: number): DemoSplit {
  const a = generateShortcutClickMeArrays({ classes: config.classes, size: config.imageSize, count, split: which, seed: config.seed });
  const px = a.size * a.size;
  const shortcutMasks = new Uint8Array(a.count * px);
  for (let i = 0; i < a.count; i++) {
    const [y0, x0, y1, x1] = Array.from(a.shortcutBoxes.subarray(4 * i, 4 * i + 4));
    for (let y = y0!; y < y1!; y++) for (let x = x0!; x < x1!; x++) shortcutMasks[i * px + y * a.size + x] = 1;
  }
  return { count: a.count, size: a.size, images: a.images, heatmaps: a.heatmaps, labels: a.labels, shortcutMasks };
}

export async function makeDemoData(config: DemoConfig, dataDir: string | null): Promise<DemoData> {
  const data: DemoData = {
    train: split(config, 'train', config.trainSize),
    test: split(config, 'test', config.testSize),
    shortcutTest: split(config, 'test-shortcut', config.testSize),
  };
  if (dataDir) {
    const common = { classes: config.classes, size: config.imageSize, seed: config.seed };
    // Filled in a temporary folder and renamed: Ctrl-C never leaves half a dataset.
    await writeDirAtomic(dataDir, async (tmp) => {
      await generateShortcutClickMe({ ...common, dir: join(tmp, 'train'), count: config.trainSize, split: 'train' });
      await generateShortcutClickMe({ ...common, dir: join(tmp, 'test'), count: config.testSize, split: 'test' });
      await generateShortcutClickMe({ ...common, dir: join(tmp, 'test-shortcut'), count: config.testSize, split: 'test-shortcut' });
    });
  }
  return data;
}

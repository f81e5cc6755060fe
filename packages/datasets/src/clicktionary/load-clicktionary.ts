// Clicktionary psychophysics data (SPEC §8): the stimuli of two "probabilistic region growth"
// experiments and the human results `data_for_zahra.npz`. Unlike the original (SPEC §13.9) the
// folder is a required argument and nothing is fetched behind the caller's back.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { imagenetAliasMap, imagenetAliasKey, isAnimalClass } from '../imagenet/imagenet-classes';
import { readNpz } from '../npz/read-npz';
import type { NpyArray } from '../npz/read-npy';

/** The two stimulus folders, in experiment order. */
export const CLICKTIONARY_EXPERIMENTS = [
  'exp_1_clicktionary_probabilistic_region_growth_centered',
  'exp_2_clicktionary_probabilistic_region_growth_centered',
] as const;

/** Human results file name. */
export const CLICKTIONARY_HUMAN_FILE = 'data_for_zahra.npz';

export type ClicktionaryDifficulty = '0' | '10' | '20' | '30' | '40' | '50' | '60' | '70' | '80' | '90' | 'full';

/** Difficulty levels in order; level k (0..10) reveals 10^(k/5) % of the pixels. */
export const CLICKTIONARY_DIFFICULTIES: readonly ClicktionaryDifficulty[] = ['0', '10', '20', '30', '40', '50', '60', '70', '80', '90', 'full'];

/** Revealed-pixel percentage of a difficulty: 10^(k/5), k = level/10 ('full' = 10 → 100 %). */
export function clicktionaryRevealedPercent(difficulty: ClicktionaryDifficulty): number {
  const k = CLICKTIONARY_DIFFICULTIES.indexOf(difficulty);
  if (k < 0) throw new Error(`Error in clicktionaryRevealedPercent: difficulty must be one of ${CLICKTIONARY_DIFFICULTIES.join(', ')}, got '${difficulty}'.`);
  return 10 ** (k / 5);
}

export interface ClicktionaryStimulus {
  path: string;
  /** 1 or 2. */
  experiment: number;
  difficulty: ClicktionaryDifficulty;
  /** Percentage of pixels revealed, 10^(k/5). */
  revealedPercent: number;
  /** Class words from the file name, spaces for underscores (`great white shark`). */
  className: string;
  /** ImageNet index the original would use (its reverse alias map: the last class with that alias). */
  classIndex: number;
  /** Every class carrying the alias, when more than one does (e.g. crane → [134, 517]). */
  sharedWith?: readonly number[];
  /** Task label: ImageNet index < 398. */
  animal: boolean;
  /** The one character before `.png`. */
  sample: string;
}

export interface ClicktionaryHumanCurve {
  /** Revelation values of the groups kept, ascending (the largest group, the full image, dropped). */
  revelation: number[];
  /** Mean of `correct` per group. */
  mean: number[];
  /** Standard deviation of `correct` per group (ddof 1, as pandas). */
  std: number[];
  /** Trials per group. */
  count: number[];
  /** `mean` min-max normalised to [0, 1]: the curve the original scores models against. */
  normalised: number[];
  /** Revelation value of the dropped group. */
  droppedRevelation: number;
}

export interface ClicktionaryData {
  stimuli: ClicktionaryStimulus[];
  /** Null when the folder has no `data_for_zahra.npz`. */
  human: ClicktionaryHumanCurve | null;
  /** `ims` of the human results file (image names per trial), when present. */
  humanImages: string[] | null;
}

export interface LoadClicktionaryOptions {
  /** Folder holding the two experiment folders and `data_for_zahra.npz`. */
  dir: string;
  /** A stimulus whose class name is no ImageNet alias: `'throw'` (default) or `'skip'`. */
  onUnknownClass?: 'throw' | 'skip';
}

/** Parses `<difficulty>_<class_words><sample>.png`. Returns null for names of another shape. */
export function parseClicktionaryName(fileName: string): { difficulty: string; classWords: string; sample: string } | null {
  const m = /^([^_]+)_(.+)(.)\.png$/i.exec(fileName);
  if (!m) return null;
  return { difficulty: m[1]!, classWords: m[2]!.replace(/_/g, ' ').trim(), sample: m[3]! };
}

/** Lists and labels the stimuli, and computes the human curve. */
export async function loadClicktionary(options: LoadClicktionaryOptions): Promise<ClicktionaryData> {
  const { dir } = options;
  if (!dir || !existsSync(dir)) throw new Error(`Error in loadClicktionary: dir must be an existing folder, got '${dir}'.`);
  const aliases = imagenetAliasMap();
  const stimuli: ClicktionaryStimulus[] = [];
  let foldersFound = 0;
  for (const [e, folder] of CLICKTIONARY_EXPERIMENTS.entries()) {
    const path = join(dir, folder);
    if (!existsSync(path)) continue;
    foldersFound += 1;
    const names = (await readdir(path)).filter((n) => n.toLowerCase().endsWith('png')).sort();
    for (const name of names) {
      const parsed = parseClicktionaryName(name);
      if (!parsed || !(CLICKTIONARY_DIFFICULTIES as readonly string[]).includes(parsed.difficulty)) {
        throw new Error(`Error in loadClicktionary: stimulus ${join(path, name)} must be named <difficulty 0..90|full>_<class><sample>.png.`);
      }
      const candidates = aliases.get(imagenetAliasKey(parsed.classWords));
      if (!candidates) {
        if (options.onUnknownClass === 'skip') continue;
        throw new Error(`Error in loadClicktionary: stimulus ${join(path, name)} names class '${parsed.classWords}', which is no ImageNet-1k class alias.`);
      }
      const classIndex = candidates[candidates.length - 1]!;
      const difficulty = parsed.difficulty as ClicktionaryDifficulty;
      stimuli.push({
        path: join(path, name),
        experiment: e + 1,
        difficulty,
        revealedPercent: clicktionaryRevealedPercent(difficulty),
        className: parsed.classWords,
        classIndex,
        ...(candidates.length > 1 ? { sharedWith: candidates } : {}),
        animal: isAnimalClass(classIndex),
        sample: parsed.sample,
      });
    }
  }
  const humanPath = join(dir, CLICKTIONARY_HUMAN_FILE);
  const hasHuman = existsSync(humanPath);
  if (foldersFound === 0 && !hasHuman) {
    throw new Error(`Error in loadClicktionary: dir must hold ${CLICKTIONARY_EXPERIMENTS.join(' or ')} or ${CLICKTIONARY_HUMAN_FILE}, got neither in '${dir}'.`);
  }
  if (!hasHuman) return { stimuli, human: null, humanImages: null };
  const { curve, images } = await readClicktionaryHuman(humanPath);
  return { stimuli, human: curve, humanImages: images };
}

/** Column of a 2-D table (numeric or unicode) as numbers. */
function column(table: NpyArray, index: number, name: string, file: string): number[] {
  const [rows, cols] = table.shape as [number, number];
  const out = new Array<number>(rows);
  for (let r = 0; r < rows; r++) {
    const v = table.data[r * cols + index]!;
    const x = typeof v === 'string' ? Number(v) : Number(v);
    if (Number.isNaN(x)) throw new Error(`Error in loadClicktionary: ${file} column '${name}' must be numeric, got '${String(v)}' in row ${r}.`);
    out[r] = x;
  }
  return out;
}

/**
 * Reads `data_for_zahra.npz` (keys `ims`, `data_human`, `columns`) and builds the human curve as
 * the original's `get_human_data`: group trials by `Revelation`, mean and std of `correct`,
 * drop the last group (the full image), min-max normalise the means.
 */
export async function readClicktionaryHuman(path: string): Promise<{ curve: ClicktionaryHumanCurve; images: string[] | null }> {
  const npz = await readNpz(path, { keys: ['data_human', 'columns'] }).catch((error: Error) => {
    throw new Error(error.message.replace(/^Error in read(Npz|Npy): /, 'Error in loadClicktionary: '));
  });
  const table = npz.get('data_human')!;
  const columnsArray = npz.get('columns')!;
  if (!Array.isArray(columnsArray.data)) {
    throw new Error(`Error in loadClicktionary: ${path} 'columns' must be a string array, got dtype '${columnsArray.descr}'.`);
  }
  const columns = columnsArray.data;
  if (table.shape.length !== 2 || table.shape[1] !== columns.length) {
    throw new Error(`Error in loadClicktionary: ${path} 'data_human' must be [trials, ${columns.length}] to match 'columns', got [${table.shape.join(', ')}].`);
  }
  const ri = columns.indexOf('Revelation');
  const ci = columns.indexOf('correct');
  if (ri < 0 || ci < 0) {
    throw new Error(`Error in loadClicktionary: ${path} 'columns' must include Revelation and correct, got ${columns.join(', ')}.`);
  }
  const revelation = column(table, ri, 'Revelation', path);
  const correct = column(table, ci, 'correct', path);

  const groups = new Map<number, number[]>();
  revelation.forEach((r, i) => {
    const g = groups.get(r);
    if (g) g.push(correct[i]!);
    else groups.set(r, [correct[i]!]);
  });
  const keys = [...groups.keys()].sort((a, b) => a - b);
  if (keys.length < 3) throw new Error(`Error in loadClicktionary: ${path} must hold at least 3 Revelation levels, got ${keys.length}.`);
  const dropped = keys.pop()!;
  const mean: number[] = [];
  const std: number[] = [];
  const count: number[] = [];
  for (const k of keys) {
    const v = groups.get(k)!;
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    mean.push(m);
    std.push(v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)) : NaN);
    count.push(v.length);
  }
  const lo = Math.min(...mean);
  const hi = Math.max(...mean);
  const normalised = mean.map((m) => (hi > lo ? (m - lo) / (hi - lo) : 0));

  let images: string[] | null = null;
  const ims = await readNpz(path, { keys: ['ims'] }).then((m) => m.get('ims')!, () => null);
  if (ims && Array.isArray(ims.data)) images = ims.data;
  return { curve: { revelation: keys, mean, std, count, normalised, droppedRevelation: dropped }, images };
}

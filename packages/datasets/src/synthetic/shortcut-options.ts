import { SHORTCUT_SHAPES } from './shapes';

export type ShortcutSplit = 'train' | 'test' | 'test-shortcut';

export interface ShortcutDatasetOptions {
  /** Number of classes (shapes, in SHORTCUT_SHAPES order), 2..6; default 6. */
  classes?: number;
  /** Image side in pixels; default 32. */
  size?: number;
  /** Number of examples. */
  count: number;
  /** 'train' (patch hue = label), 'test' (patch hue random) or 'test-shortcut' (patch hue = label). */
  split?: ShortcutSplit;
  /** Probability that the patch hue is the label's (else uniform over classes). Default 1 for
   *  'train' and 'test-shortcut', 0 for 'test'. */
  shortcutStrength?: number;
  /** Default 0. Each split draws from its own stream of the same seed. */
  seed?: number;
}

export interface ResolvedShortcutOptions {
  classes: number;
  size: number;
  count: number;
  split: ShortcutSplit;
  shortcutStrength: number;
  seed: number;
}

export const SPLIT_STREAM: Record<ShortcutSplit, number> = { train: 0, test: 1, 'test-shortcut': 2 };

export function resolveShortcutOptions(fn: string, o: ShortcutDatasetOptions): ResolvedShortcutOptions {
  if (o === null || typeof o !== 'object') throw new Error(`Error in ${fn}: options must be an object, got ${o === null ? 'null' : typeof o}.`);
  const classes = o.classes ?? 6;
  if (!Number.isInteger(classes) || classes < 2 || classes > SHORTCUT_SHAPES.length) {
    throw new Error(`Error in ${fn}: classes must be an integer in 2..${SHORTCUT_SHAPES.length}, got ${classes}.`);
  }
  const size = o.size ?? 32;
  if (!Number.isInteger(size) || size < 16) throw new Error(`Error in ${fn}: size must be an integer ≥ 16, got ${size}.`);
  if (!Number.isInteger(o.count) || o.count < 1) throw new Error(`Error in ${fn}: count must be a positive integer, got ${o.count}.`);
  const split = o.split ?? 'train';
  if (!(split in SPLIT_STREAM)) throw new Error(`Error in ${fn}: split must be 'train', 'test' or 'test-shortcut', got ${JSON.stringify(split)}.`);
  const shortcutStrength = o.shortcutStrength ?? (split === 'test' ? 0 : 1);
  if (!(shortcutStrength >= 0 && shortcutStrength <= 1)) {
    throw new Error(`Error in ${fn}: shortcutStrength must be in [0, 1], got ${shortcutStrength}.`);
  }
  const seed = o.seed ?? 0;
  if (!Number.isInteger(seed)) throw new Error(`Error in ${fn}: seed must be an integer, got ${seed}.`);
  return { classes, size, count: o.count, split, shortcutStrength, seed };
}

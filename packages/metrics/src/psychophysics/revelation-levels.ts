// The Clicktionary psychophysics stimuli's 11 revelation levels (SPEC §8).

/** Difficulty names in stimulus file names, from least to most revealed. */
export const REVELATION_LEVELS = ['0', '10', '20', '30', '40', '50', '60', '70', '80', '90', 'full'] as const;

/** Revealed-pixel percentage of each level: 10^(k/5), k = 0..10 (the original's constants). */
export const REVELATION_PERCENTAGES: readonly number[] = [
  1.0, 1.5848931924611136, 2.51188643150958, 3.981071705534973, 6.309573444801933, 10.0, 15.848931924611142,
  25.11886431509581, 39.810717055349734, 63.09573444801933, 100.0,
];

/** ImageNet class indices below this are animals (the task's "animal" answer). */
export const ANIMAL_CLASSES = 398;

/** Level index 0..10 of a level given as its index (number) or its difficulty name (string). */
export function levelIndex(fn: string, level: number | string): number {
  const i = typeof level === 'string' ? (REVELATION_LEVELS as readonly string[]).indexOf(level) : level;
  if (!(Number.isInteger(i) && i >= 0 && i < REVELATION_LEVELS.length)) {
    throw new Error(
      `Error in ${fn}: a level must be an index 0..10 or one of '0', '10', …, '90', 'full', got ${typeof level === 'string' ? `'${level}'` : String(level)}.`,
    );
  }
  return i;
}

import { levelIndex } from './revelation-levels';

export interface StimulusName {
  /** Difficulty as written in the name: '0', '10', …, '90' or 'full'. */
  difficulty: string;
  /** Level index 0..10 of that difficulty. */
  level: number;
  /** The class name: the words between the difficulty and the sample digit, underscores removed, lower case (the original's synset lookup key). */
  className: string;
  /** The one-character sample id before `.png`. */
  sample: string;
}

/**
 * Parses a Clicktionary stimulus file name `<difficulty>_<class words joined by _><digit>.png`
 * (e.g. `60_tiger_cat3.png`) as the original's `run_images` does (SPEC §8). Map `className` to
 * an ImageNet index with your class list (e.g. @harmonization/datasets' alias lookup).
 */
export function parseStimulusName(fileName: string): StimulusName {
  const fn = 'parseStimulusName';
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const match = /^([^_]+)_(.+)(.)\.png$/i.exec(base);
  if (!match) {
    throw new Error(`Error in ${fn}: fileName must look like '<difficulty>_<class_words><digit>.png', got '${fileName}'.`);
  }
  const [, difficulty, words, sample] = match as unknown as [string, string, string, string];
  return { difficulty, level: levelIndex(fn, difficulty), className: words.split('_').join('').toLowerCase(), sample };
}

// The ImageNet-1k (ILSVRC-2012) label space of SPEC §2.5: index 0 = n01440764 tench … 999 =
// n15075141 toilet tissue, wnids sorted ascending. Indices 0–397 are animals.
import { IMAGENET_CLASS_ROWS } from './imagenet-classes-data';

export interface ImageNetClass {
  /** 0-based class index in the standard order (the ClickMe `label`). */
  readonly index: number;
  /** WordNet id, e.g. `n01440764`. */
  readonly wnid: string;
  /** Comma-separated WordNet lemmas, e.g. `tench, Tinca tinca`. */
  readonly description: string;
}

/** Number of classes. */
export const IMAGENET_NUM_CLASSES = 1000;

/** First non-animal index (398 = abacus): the original psychophysics uses `index < 398` as "animal". */
export const IMAGENET_FIRST_NON_ANIMAL = 398;

/** The 1000 classes in index order. */
export const IMAGENET_CLASSES: readonly ImageNetClass[] = Object.freeze(
  IMAGENET_CLASS_ROWS.map(([wnid, description], index) => Object.freeze({ index, wnid, description })),
);

let byWnid: Map<string, ImageNetClass> | null = null;

/** The class of an index (0..999) or a wnid (`n01440764`). Throws on anything else. */
export function imagenetClass(key: number | string): ImageNetClass {
  if (typeof key === 'number') {
    const c = Number.isInteger(key) ? IMAGENET_CLASSES[key] : undefined;
    if (!c) throw new Error(`Error in imagenetClass: index must be an integer in 0..999, got ${key}.`);
    return c;
  }
  byWnid ??= new Map(IMAGENET_CLASSES.map((c) => [c.wnid, c]));
  const c = byWnid.get(key);
  if (!c) throw new Error(`Error in imagenetClass: wnid must be one of the 1000 ILSVRC-2012 synsets, got '${key}'.`);
  return c;
}

/** True for the animal classes (index < 398), the psychophysics task label. */
export function isAnimalClass(index: number): boolean {
  return index >= 0 && index < IMAGENET_FIRST_NON_ANIMAL;
}

/** Short label: the first alias of the description (without the original's leading space, SPEC §13.10). */
export function imagenetShortLabel(index: number): string {
  return imagenetClass(index).description.split(',')[0]!.trim();
}

/** An alias key as the original builds it: spaces removed, lower case (`Great white shark` → `greatwhiteshark`). */
export function imagenetAliasKey(name: string): string {
  return name.replace(/\s+/g, '').toLowerCase();
}

let aliases: Map<string, number[]> | null = null;

/**
 * Every alias → all class indices that carry it, in index order. The original's reverse map kept
 * only the last (SPEC §2.5: "crane" → 517 the machine, never 134 the bird); here both are listed.
 */
export function imagenetAliasMap(): ReadonlyMap<string, readonly number[]> {
  if (!aliases) {
    aliases = new Map();
    for (const c of IMAGENET_CLASSES) {
      for (const alias of c.description.split(',')) {
        const key = imagenetAliasKey(alias);
        const list = aliases.get(key);
        if (!list) aliases.set(key, [c.index]);
        else if (list[list.length - 1] !== c.index) list.push(c.index);
      }
    }
  }
  return aliases;
}

/**
 * Index of a class name looked up like the original (`get_synset()[2]`): the key is the name with
 * spaces removed, lower case; where the alias is shared, `'last'` (the original's choice, default)
 * or `'first'` decides, and `'throw'` refuses. Returns null when no class has that alias.
 */
export function lookupImageNetAlias(name: string, onShared: 'last' | 'first' | 'throw' = 'last'): number | null {
  const list = imagenetAliasMap().get(imagenetAliasKey(name));
  if (!list) return null;
  if (list.length > 1 && onShared === 'throw') {
    throw new Error(`Error in lookupImageNetAlias: name '${name}' is shared by classes ${list.join(', ')}; pick one by index.`);
  }
  return onShared === 'first' ? list[0]! : list[list.length - 1]!;
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { realFixture, skipWithoutRealFixtures } from '@harmonization/test-support';
import {
  IMAGENET_CLASSES,
  imagenetAliasMap,
  imagenetClass,
  imagenetShortLabel,
  isAnimalClass,
  lookupImageNetAlias,
} from './imagenet-classes';

describe('ImageNet-1k classes', () => {
  it('has 1000 distinct wnids in ascending order (the ILSVRC-2012 index order)', () => {
    expect(IMAGENET_CLASSES).toHaveLength(1000);
    const wnids = IMAGENET_CLASSES.map((c) => c.wnid);
    expect(new Set(wnids).size).toBe(1000);
    expect([...wnids].sort()).toEqual(wnids);
    for (const w of wnids) expect(w).toMatch(/^n\d{8}$/);
    expect(imagenetClass(0)).toEqual({ index: 0, wnid: 'n01440764', description: 'tench, Tinca tinca' });
    expect(imagenetClass(999).wnid).toBe('n15075141');
    expect(imagenetClass('n01910747').description).toBe('jellyfish');
  });

  it('matches every labelled real image of the fixtures README (wnid, index, class)', () => {
    if (skipWithoutRealFixtures()) return;
    const readme = readFileSync(realFixture('images', 'README.md')!, 'utf8');
    const rows = [...readme.matchAll(/^\|[^|]+\|[^|]+\|[^|]+\| (n\d{8}) \| (\d+) \| ([^|]+) \|$/gm)];
    expect(rows.length).toBe(15);
    for (const [, wnid, idx, name] of rows) {
      const c = imagenetClass(Number(idx));
      expect(c.wnid).toBe(wnid);
      expect(c.description).toBe(name!.trim());
    }
  });

  it('animal / non-animal split at 398 (abacus)', () => {
    expect(isAnimalClass(397)).toBe(true);
    expect(isAnimalClass(398)).toBe(false);
    expect(imagenetShortLabel(398)).toBe('abacus');
    expect(imagenetShortLabel(2)).toBe('great white shark');
  });

  it('reverse alias map keeps shared aliases; lookup reproduces the original last-wins choice', () => {
    expect(imagenetAliasMap().get('crane')).toEqual([134, 517]);
    expect(lookupImageNetAlias('crane')).toBe(517);
    expect(lookupImageNetAlias('crane', 'first')).toBe(134);
    expect(() => lookupImageNetAlias('crane', 'throw')).toThrow(
      "Error in lookupImageNetAlias: name 'crane' is shared by classes 134, 517; pick one by index.",
    );
    expect(lookupImageNetAlias('Great White Shark')).toBe(2);
    expect(lookupImageNetAlias('maillot')).toBe(639);
    expect(lookupImageNetAlias('no such thing')).toBeNull();
  });

  it('rejects bad keys in one voice', () => {
    expect(() => imagenetClass(1000)).toThrow('Error in imagenetClass: index must be an integer in 0..999, got 1000.');
    expect(() => imagenetClass('n00000000')).toThrow(
      "Error in imagenetClass: wnid must be one of the 1000 ILSVRC-2012 synsets, got 'n00000000'.",
    );
  });
});

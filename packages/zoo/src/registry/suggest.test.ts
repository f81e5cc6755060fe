import { describe, expect, it } from 'vitest';
import { editDistance, suggestNames } from './suggest';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('resnet50', 'resnet50')).toBe(0);
  });
});

describe('suggestNames', () => {
  const names = ['resnet50', 'resnet50v2', 'vgg16', 'efficientnet_b0', 'vit_b16', 'tiny_vgg'];
  it('suggests the nearest names first', () => {
    expect(suggestNames('resnet5', names)[0]).toBe('resnet50');
    expect(suggestNames('vgg19', names)).toContain('vgg16');
    expect(suggestNames('efficientnet-b0', names)).toEqual(['efficientnet_b0']);
  });
  it('suggests nothing for unrelated names', () => {
    expect(suggestNames('xyzzyplugh', names)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { naturalCompare } from './natural-sort';

describe('naturalCompare', () => {
  it('orders digit runs as numbers', () => {
    expect(['resnet101', 'resnet50', 'resnet18', 'resnet50v2', 'efficientnet_b0'].sort(naturalCompare)).toEqual([
      'efficientnet_b0',
      'resnet18',
      'resnet50',
      'resnet50v2',
      'resnet101',
    ]);
  });
  it('puts a prefix before its extensions', () => {
    expect(naturalCompare('vgg', 'vgg16')).toBeLessThan(0);
    expect(naturalCompare('a2', 'a10')).toBeLessThan(0);
    expect(naturalCompare('same', 'same')).toBe(0);
  });
});

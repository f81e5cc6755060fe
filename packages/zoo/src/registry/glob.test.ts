import { describe, expect, it } from 'vitest';
import { globToRegExp } from './glob';

describe('globToRegExp', () => {
  it('matches *, ? and classes, anchored and case-insensitive', () => {
    expect(globToRegExp('resnet*').test('resnet50v2')).toBe(true);
    expect(globToRegExp('resnet*').test('tiny_resnet')).toBe(false);
    expect(globToRegExp('*resnet*').test('tiny_resnet')).toBe(true);
    expect(globToRegExp('vgg1?').test('VGG16')).toBe(true);
    expect(globToRegExp('vgg1?').test('vgg160')).toBe(false);
    expect(globToRegExp('resnet[5]0').test('resnet50')).toBe(true);
    expect(globToRegExp('resnet[!5]0').test('resnet50')).toBe(false);
  });
  it('treats regex metacharacters literally', () => {
    expect(globToRegExp('*.harmonized').test('vgg16.harmonized')).toBe(true);
    expect(globToRegExp('*.harmonized').test('vgg16xharmonized')).toBe(false);
    expect(globToRegExp('a+b').test('a+b')).toBe(true);
  });
});

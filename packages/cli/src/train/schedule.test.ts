import { describe, expect, it } from 'vitest';
import { learningRate } from './schedule';

describe('learningRate', () => {
  it('step: linear warm-up, then ×0.1 at 30/90, ×0.01 at 60/90, ×0.001 at 80/90 (SPEC §7.3)', () => {
    // 90 "epochs" of 10 steps, warm-up 5 epochs
    const lr = (s: number) => learningRate('step', 0.7, s, 900, 5 / 90);
    expect(lr(0)).toBeCloseTo(0.7 / 50, 12);
    expect(lr(49)).toBeCloseTo(0.7, 12);
    expect(lr(50)).toBe(0.7);
    expect(lr(299)).toBe(0.7);
    expect(lr(300)).toBeCloseTo(0.07, 12);
    expect(lr(600)).toBeCloseTo(0.007, 12);
    expect(lr(800)).toBeCloseTo(0.0007, 12);
    expect(lr(899)).toBeCloseTo(0.0007, 12);
  });

  it('cosine: warm-up then half a cosine to 0; constant: constant', () => {
    expect(learningRate('cosine', 1, 0, 100, 0)).toBe(1);
    expect(learningRate('cosine', 1, 50, 100, 0)).toBeCloseTo(0.5, 12);
    expect(learningRate('cosine', 1, 100, 100, 0)).toBeCloseTo(0, 12);
    expect(learningRate('cosine', 1, 4, 100, 0.1)).toBeCloseTo(0.5, 12);
    expect(learningRate('constant', 0.3, 77, 100, 0.5)).toBe(0.3);
  });
});

import { describe, expect, it } from 'vitest';
import { parseStimulusName } from './stimulus-name';

describe('parseStimulusName', () => {
  it('reads difficulty, class words and sample as the original', () => {
    expect(parseStimulusName('/data/exp_1/60_tiger_cat3.png')).toEqual({ difficulty: '60', level: 6, className: 'tigercat', sample: '3' });
    expect(parseStimulusName('full_golden_retriever0.png')).toEqual({ difficulty: 'full', level: 10, className: 'goldenretriever', sample: '0' });
    expect(parseStimulusName('0_Ox7.png')).toEqual({ difficulty: '0', level: 0, className: 'ox', sample: '7' });
  });
  it('rejects other names and unknown difficulties', () => {
    expect(() => parseStimulusName('tiger.png')).toThrow(
      "Error in parseStimulusName: fileName must look like '<difficulty>_<class_words><digit>.png', got 'tiger.png'.",
    );
    expect(() => parseStimulusName('55_tiger1.png')).toThrow("Error in parseStimulusName: a level must be an index 0..10 or one of '0', '10', …, '90', 'full', got '55'.");
  });
});

// Learning-rate schedules, as a function of the step. `step` is the original's (SPEC §7.3):
// linear warm-up, then ×1 until 1/3 of training, ×0.1, ×0.01 from 2/3, ×0.001 from 8/9 —
// the 30/60/80-of-90-epochs milestones expressed as shares so they scale to any length.
export type ScheduleName = 'step' | 'cosine' | 'constant';

export function learningRate(schedule: ScheduleName, base: number, step: number, totalSteps: number, warmupShare: number): number {
  if (schedule === 'constant') return base;
  const warmup = Math.round(warmupShare * totalSteps);
  if (step < warmup) return (base * (step + 1)) / warmup;
  const t = step / Math.max(totalSteps, 1);
  if (schedule === 'cosine') {
    const p = (step - warmup) / Math.max(totalSteps - warmup, 1);
    return 0.5 * base * (1 + Math.cos(Math.PI * Math.min(1, p)));
  }
  if (t >= 80 / 90) return base * 0.001;
  if (t >= 60 / 90) return base * 0.01;
  if (t >= 30 / 90) return base * 0.1;
  return base;
}

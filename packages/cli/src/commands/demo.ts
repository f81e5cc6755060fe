// `harmonize demo`: THE first command: no downloads, a report folder in a few minutes.
import { resolve } from 'node:path';
import { selectBackend } from '../backend/select-backend';
import { DEMO_DEFAULTS, type DemoConfig } from '../demo/demo-config';
import { runDemo } from '../demo/run-demo';
import type { CommonOptions } from '../program';
import { Progress } from '../util/progress';

export interface DemoOptions extends CommonOptions {
  out: string;
  seed: number;
  steps: number;
  trainSize: number;
  testSize: number;
  imageSize: number;
  batchSize: number;
  lambda: number;
  lr: number;
  gallery: number;
  parallel: boolean;
}

export async function demoCommand(opts: DemoOptions): Promise<void> {
  const progress = new Progress({ quiet: opts.quiet });
  const backend = await selectBackend({ backend: opts.backend, requireGpu: opts.requireGpu });
  const { ensureHarmonizationGradients } = await import('@harmonization/core-loss');
  ensureHarmonizationGradients();
  progress.info(`backend: ${backend.backend}`);
  const config: DemoConfig = {
    ...DEMO_DEFAULTS,
    seed: opts.seed,
    steps: opts.steps,
    trainSize: opts.trainSize,
    testSize: opts.testSize,
    imageSize: opts.imageSize,
    batchSize: opts.batchSize,
    lambda: opts.lambda,
    lr: opts.lr,
    galleryRows: opts.gallery,
  };
  const out = resolve(opts.out);
  const r = await runDemo(config, { out, backend: backend.backend, parallel: opts.parallel, progress });
  const f = (x: number) => x.toFixed(3);
  process.stdout.write(
    [
      `                          baseline  harmonized`,
      `accuracy (no shortcut)      ${f(r.baseline.accuracy)}      ${f(r.harmonized.accuracy)}`,
      `accuracy (shortcut)         ${f(r.baseline.shortcutAccuracy)}      ${f(r.harmonized.shortcutAccuracy)}`,
      `alignment score             ${f(r.baseline.alignmentScore)}      ${f(r.harmonized.alignmentScore)}`,
      `saliency on shortcut        ${f(r.baseline.shortcutSaliencyShare)}      ${f(r.harmonized.shortcutSaliencyShare)}`,
      `report: ${out}/summary.md (results.json, gallery.png, plot.png) — ${r.seconds.total.toFixed(0)} s`,
      '',
    ].join('\n'),
  );
}

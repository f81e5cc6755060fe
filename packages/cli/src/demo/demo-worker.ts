// Worker-thread entry: trains and evaluates one demo model, posting progress and the result.
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../backend/select-backend';
import type { DemoConfig, DemoMode, DemoSplit } from './demo-config';

interface Job {
  mode: DemoMode;
  config: DemoConfig;
  backend: string;
  data: { train: DemoSplit; test: DemoSplit; shortcutTest: DemoSplit };
}

async function run(): Promise<void> {
  const job = workerData as Job;
  await selectBackend({ backend: job.backend });
  const { ensureHarmonizationGradients } = await import('@harmonization/core-loss');
  ensureHarmonizationGradients();
  const { runDemoModel } = await import('./train-demo-model');
  const result = await runDemoModel(job.mode, job.config, job.data, (step, loss) => {
    if (step % 5 === 0 || step === job.config.steps) parentPort!.postMessage({ type: 'progress', step, loss });
  });
  parentPort!.postMessage({ type: 'result', result }, [result.galleryMaps.buffer as ArrayBuffer]);
}

run().catch((error: unknown) => {
  parentPort!.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
});

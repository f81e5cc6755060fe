// Worker-thread entry of the demo. Roles: `baseline` and `harmonized` train and evaluate one
// model each; `helper` computes the harmonized model's gradients for half of each batch (the
// harmonized step is ≈ 10× the baseline's, so it gets the second core), over a MessagePort.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { selectBackend } from '../backend/select-backend';
import type { DemoConfig, DemoMode, DemoSplit } from './demo-config';
import type { GradientPeer } from './train-demo-model';

interface Job {
  role: DemoMode | 'helper';
  config: DemoConfig;
  backend: string;
  data: { train: DemoSplit; test: DemoSplit; shortcutTest: DemoSplit };
  /** Between `harmonized` and `helper`. */
  port?: MessagePort;
}

type PeerReply = { grads: Float32Array[]; loss: Record<string, number> };

async function run(): Promise<void> {
  const job = workerData as Job;
  await selectBackend({ backend: job.backend });
  const { ensureHarmonizationGradients } = await import('@harmonization/core-loss');
  ensureHarmonizationGradients();
  const { runDemoModel, buildDemoModel, peerGradients } = await import('./train-demo-model');

  if (job.role === 'helper') {
    const model = await buildDemoModel(job.config);
    const port = job.port!;
    port.on('message', (msg: { type: 'compute'; weights: Float32Array[]; indices: number[] } | { type: 'done' }) => {
      if (msg.type === 'done') {
        port.close();
        model.dispose();
        return;
      }
      const reply = peerGradients(model, job.config, job.data.train, msg.weights, msg.indices);
      port.postMessage(reply, reply.grads.map((g) => g.buffer as ArrayBuffer));
    });
    return;
  }

  let peer: GradientPeer | undefined;
  if (job.port) {
    const port = job.port;
    let pending: ((r: PeerReply) => void) | null = null;
    port.on('message', (r: PeerReply) => pending?.(r));
    peer = {
      compute: (weights, indices) =>
        new Promise<PeerReply>((resolve) => {
          pending = resolve;
          port.postMessage({ type: 'compute', weights, indices });
        }),
    };
  }
  const result = await runDemoModel(
    job.role,
    job.config,
    job.data,
    (step, loss) => {
      if (step % 5 === 0 || step === job.config.steps) parentPort!.postMessage({ type: 'progress', step, loss });
    },
    peer,
  );
  if (job.port) {
    job.port.postMessage({ type: 'done' });
    job.port.close();
  }
  parentPort!.postMessage({ type: 'result', result }, [result.galleryMaps.buffer as ArrayBuffer]);
}

run().catch((error: unknown) => {
  parentPort!.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
});

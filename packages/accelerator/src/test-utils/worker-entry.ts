// Worker-thread entry of the concurrency test (bundled by esbuild at test time): loads the addon
// in this thread, runs the check and posts the result.
import { parentPort, workerData } from 'node:worker_threads';
import { concurrentCheck, type ConcurrentCheckOptions } from './concurrent-check';

concurrentCheck(workerData as ConcurrentCheckOptions).then(
  (result) => parentPort!.postMessage({ result }),
  (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.stack : String(error) }),
);

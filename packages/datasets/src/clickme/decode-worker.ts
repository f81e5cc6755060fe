// Worker-thread entry: decodes serialized ClickMe examples with the options it was started with
// and sends the typed arrays back (transferred, not copied). Built as its own file by tsup.
import { parentPort, workerData } from 'node:worker_threads';
import { decodeClickMeArrays } from './decode-clickme-arrays';
import type { ResolvedDecodeOptions } from './decode-options';

interface Request {
  id: number;
  bytes: Uint8Array;
}

const port = parentPort;
if (port) {
  const options = (workerData as { options: ResolvedDecodeOptions }).options;
  port.on('message', (msg: Request) => {
    decodeClickMeArrays(msg.bytes, options).then(
      (ex) => port.postMessage({ id: msg.id, ex }, [ex.image.buffer as ArrayBuffer, ex.heatmap.buffer as ArrayBuffer]),
      (err: unknown) => port.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) }),
    );
  });
}

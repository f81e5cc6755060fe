// Worker-thread entry: decodes serialized ClickMe examples with the options it was started with
// and sends the typed arrays back (transferred, not copied), or writes them into the loader's
// shared batch memory when given views of it. Built as its own file by tsup.
import { parentPort, workerData } from 'node:worker_threads';
import { decodeClickMeArrays, type ChainOutputs } from './decode-clickme-arrays';
import type { ResolvedDecodeOptions } from './decode-options';

interface Request {
  id: number;
  bytes: Uint8Array;
  /** Views of the loader's shared batch memory to write into. */
  into?: ChainOutputs;
}

const port = parentPort;
if (port) {
  const options = (workerData as { options: ResolvedDecodeOptions }).options;
  port.on('message', (msg: Request) => {
    decodeClickMeArrays(msg.bytes, options, msg.into).then(
      // Written into the loader's shared memory: only the label goes back.
      (ex) =>
        ex.image === msg.into?.image && ex.heatmap === msg.into.heatmap
          ? port.postMessage({ id: msg.id, label: ex.label })
          : port.postMessage({ id: msg.id, ex }, [ex.image.buffer, ex.heatmap.buffer].filter((b) => b instanceof ArrayBuffer)),
      (err: unknown) => port.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) }),
    );
  });
}

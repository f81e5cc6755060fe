// Where ClickMe examples are decoded: on this thread, or in a pool of worker threads.
// sharp already decodes JPEGs on libuv threads; workers also move the resize and blur (plain
// JS) off the main thread, which is what pays when the consumer is busy (see tools/bench).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { decodeClickMeArrays, type ChainOutputs, type ClickMeExampleArrays } from './decode-clickme-arrays';
import type { ResolvedDecodeOptions } from './decode-options';

export type DecoderKind = 'auto' | 'sync' | number;

export interface ExampleDecoder {
  readonly workers: number;
  /** `into`: where to write the outputs (arrays of the right sizes; with workers, views of
   *  SharedArrayBuffers, or they are ignored). */
  decode(bytes: Uint8Array, into?: ChainOutputs): Promise<ClickMeExampleArrays>;
  close(): Promise<void>;
}

/** The built worker script next to the bundle (dist/decode-worker.js), or null from sources. */
export function defaultWorkerScript(): URL | null {
  try {
    const url = new URL('./decode-worker.js', import.meta.url);
    return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
  } catch {
    return null;
  }
}

export async function createDecoder(kind: DecoderKind, options: ResolvedDecodeOptions, workerScript?: string | URL): Promise<ExampleDecoder> {
  if (kind !== 'auto' && kind !== 'sync' && !(typeof kind === 'number' && Number.isInteger(kind) && kind >= 0)) {
    throw new Error(`Error in loadClickMe: workers must be 'auto', 'sync' or a non-negative integer, got ${JSON.stringify(kind)}.`);
  }
  let n = 0;
  let script: string | URL | null = workerScript ?? null;
  if (kind === 'auto') {
    script ??= defaultWorkerScript();
    n = script ? Math.min(4, Math.max(0, availableParallelism() - 1)) : 0;
  } else if (typeof kind === 'number') {
    n = kind;
    script ??= defaultWorkerScript();
    if (n > 0 && !script) {
      throw new Error(
        `Error in loadClickMe: workers must be 'sync' or 'auto' when the worker script is not built (running from sources), got ${kind}; pass workerScript.`,
      );
    }
  }
  if (n === 0 || !script) {
    return { workers: 0, decode: (bytes, into) => decodeClickMeArrays(bytes, options, into), close: async () => {} };
  }
  return new WorkerPool(n, script, options);
}

interface Pending {
  /** The shared views the worker writes into; it answers with the label only. */
  into?: Required<ChainOutputs>;
  resolve: (ex: ClickMeExampleArrays) => void;
  reject: (err: Error) => void;
  worker: number;
}

class WorkerPool implements ExampleDecoder {
  private readonly pool: Worker[];
  private readonly load: number[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | null = null;

  constructor(
    readonly workers: number,
    script: string | URL,
    options: ResolvedDecodeOptions,
  ) {
    this.pool = [];
    this.load = new Array(workers).fill(0);
    for (let i = 0; i < workers; i++) {
      const w = new Worker(script, { workerData: { options } });
      w.on('message', (msg: { id: number; ex?: ClickMeExampleArrays; label?: number; error?: string }) => {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        if (--this.load[p.worker]! === 0) this.pool[p.worker]!.unref(); // idle workers never hold the process open
        if (msg.ex) p.resolve(msg.ex);
        else if (p.into && msg.label !== undefined) p.resolve({ image: p.into.image, heatmap: p.into.heatmap, label: msg.label });
        else p.reject(new Error(msg.error ?? 'unknown worker error'));
      });
      w.on('error', (err) => this.fail(err));
      w.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`Error in loadClickMe: a decode worker exited with code ${code}.`));
      });
      w.unref();
      this.pool.push(w);
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  decode(bytes: Uint8Array, into?: ChainOutputs): Promise<ClickMeExampleArrays> {
    if (this.failure) return Promise.reject(this.failure);
    // Least-loaded worker; the payload is transferred, so give it a buffer of its own.
    let w = 0;
    for (let i = 1; i < this.workers; i++) if (this.load[i]! < this.load[w]!) w = i;
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    const shared = into?.image?.buffer instanceof SharedArrayBuffer && into.heatmap?.buffer instanceof SharedArrayBuffer;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker: w, into: shared ? (into as Required<ChainOutputs>) : undefined });
      if (this.load[w]!++ === 0) this.pool[w]!.ref(); // busy: keep the process alive for the answer
      this.pool[w]!.postMessage({ id, bytes: own, into: shared ? into : undefined }, [own.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    this.fail(new Error('Error in loadClickMe: the decoder was closed.'));
    await Promise.all(this.pool.map((w) => w.terminate()));
  }
}

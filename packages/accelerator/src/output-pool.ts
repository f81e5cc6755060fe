// Reuses the memory of the accelerated kernels' outputs. A training step allocates the same
// few hundred large arrays every time; as fresh ArrayBuffers they cost a zero-fill, page faults
// and, above all, V8 garbage collections (a ResNet-18-like step ran ~7 full mark-compacts,
// ≈ 50 ms of its ≈ 345 ms, on a heap of 19 MB: the trigger is the external memory).
//
// Safety rule: a buffer goes back to the pool only when the cpu backend frees the one tensor
// that ever held it. The backend's `write` sees every tensor created over an array: a pooled
// buffer written a second time (a stock Slice's subarray view, a shared Cast, …) or handed out
// by `readSync`/`read` (dataSync, data, array, …: user code may keep it) or moved between
// backends is never reused — the garbage collector frees it as before.

/** The parts of the tfjs cpu backend the pool wraps. */
interface PooledBackend {
  data: { get(dataId: object): { values?: unknown } | undefined; has(dataId: object): boolean };
  write(values: unknown, shape: number[], dtype: string): object;
  move(dataId: object, values: unknown, shape: number[], dtype: string, refCount: number): void;
  readSync(dataId: object): unknown;
  disposeData(dataId: object, force?: boolean): boolean;
}

/** Handed out by a kernel, not yet held by a tensor. */
const FRESH = 0;
/** Held by exactly one tensor, never seen outside the backend: reusable once that tensor goes. */
const OWNED = 1;
/** Seen by more than one tensor or by user code: left to the garbage collector. */
const SHARED = 2;
/** In the pool. */
const FREE = 3;

/** Smaller outputs are cheap to allocate; pooling them is not worth the bookkeeping. */
const MIN_POOLED_BYTES = 4096;
const DEFAULT_LIMIT_BYTES = 1 << 30;

const states = new WeakMap<ArrayBuffer, number>();
const freeBySize = new Map<number, ArrayBuffer[]>();
const wrapped = new WeakSet<object>();
let freeBytes = 0;
let limitBytes = DEFAULT_LIMIT_BYTES;
let enabled = false;
let poison = false;
const stats = { reused: 0, allocated: 0, released: 0 };

export interface OutputPoolOptions {
  /** Most bytes kept for reuse (default 1 GiB); 0 turns the pool off. */
  limitBytes?: number;
  /**
   * Tests: fill every reused buffer with NaN bits, so a kernel that relied on zeroed fresh
   * memory (instead of writing every output element) fails loudly.
   */
  poison?: boolean;
}

/** Sets the pool's options; `limitBytes: 0` turns it off and drops what it holds. */
export function configureOutputPool(options: OutputPoolOptions = {}): void {
  limitBytes = options.limitBytes ?? DEFAULT_LIMIT_BYTES;
  poison = options.poison ?? false;
  enabled = limitBytes > 0;
  if (!enabled) clearOutputPool();
}

/** Starts tracking the tensors of a cpu backend instance (once per instance; cheap to repeat). */
export function watchBackend(backend: object): void {
  if (wrapped.has(backend)) return;
  wrapBackend(backend as PooledBackend);
  wrapped.add(backend);
}

/** Drops the pooled buffers (nothing else holds them: the garbage collector takes them). */
function clearOutputPool(): void {
  freeBySize.clear();
  freeBytes = 0;
}

/** Counters since start-up, and the bytes pooled now. */
export function outputPoolStats(): { reused: number; allocated: number; released: number; freeBytes: number; enabled: boolean } {
  return { ...stats, freeBytes, enabled };
}

function take(bytes: number): ArrayBuffer {
  if (!enabled || bytes < MIN_POOLED_BYTES) return new ArrayBuffer(bytes);
  const pooled = freeBySize.get(bytes)?.pop();
  if (pooled) {
    freeBytes -= bytes;
    states.set(pooled, FRESH);
    stats.reused++;
    if (poison) new Uint32Array(pooled).fill(0x7fc00001);
    return pooled;
  }
  const buffer = new ArrayBuffer(bytes);
  states.set(buffer, FRESH);
  stats.allocated++;
  return buffer;
}

/** A float32 output of `n` elements. Its contents are arbitrary: the kernel must write them all. */
export function outputFloat32(n: number): Float32Array {
  return new Float32Array(take(n * 4));
}

/** An int32 output of `n` elements, arbitrary contents. */
export function outputInt32(n: number): Int32Array {
  return new Int32Array(take(n * 4));
}

/** A bool (0/1 byte) output of `n` elements, arbitrary contents. */
export function outputUint8(n: number): Uint8Array {
  return new Uint8Array(take(n));
}

function bufferOf(values: unknown): ArrayBuffer | undefined {
  if (!ArrayBuffer.isView(values)) return undefined;
  const buffer = values.buffer;
  return buffer instanceof ArrayBuffer && states.has(buffer) ? buffer : undefined;
}

function markShared(values: unknown): void {
  const buffer = bufferOf(values);
  if (buffer) states.set(buffer, SHARED);
}

function wrapBackend(backend: PooledBackend): void {
  const { write, move, readSync, disposeData } = backend;
  backend.write = function (values, shape, dtype) {
    const buffer = bufferOf(values);
    if (buffer) {
      const whole = (values as ArrayBufferView).byteOffset === 0 && (values as ArrayBufferView).byteLength === buffer.byteLength;
      states.set(buffer, states.get(buffer) === FRESH && whole ? OWNED : SHARED);
    }
    return write.call(this, values, shape, dtype);
  };
  backend.move = function (dataId, values, shape, dtype, refCount) {
    markShared(values);
    return move.call(this, dataId, values, shape, dtype, refCount);
  };
  // `read` goes through readSync in the cpu backend.
  backend.readSync = function (dataId) {
    if (this.data.has(dataId)) markShared(this.data.get(dataId)?.values);
    return readSync.call(this, dataId);
  };
  backend.disposeData = function (dataId, force) {
    // `data.get` of an unknown id would try to move data in from another backend: ask `has` first.
    const values = this.data.has(dataId) ? this.data.get(dataId)?.values : undefined;
    const released = disposeData.call(this, dataId, force);
    if (values !== undefined && !this.data.has(dataId)) recycle(values);
    return released;
  };
}

function recycle(values: unknown): void {
  const buffer = bufferOf(values);
  if (!buffer || states.get(buffer) !== OWNED) return;
  if (!enabled || freeBytes + buffer.byteLength > limitBytes) {
    states.set(buffer, SHARED);
    return;
  }
  states.set(buffer, FREE);
  let list = freeBySize.get(buffer.byteLength);
  if (!list) freeBySize.set(buffer.byteLength, (list = []));
  list.push(buffer);
  freeBytes += buffer.byteLength;
  stats.released++;
}

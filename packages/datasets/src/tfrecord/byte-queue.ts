// A FIFO of byte chunks that hands out exact-length reads without re-concatenating the whole
// backlog: a read inside one chunk is a view, a read across chunks is one copy.
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0; // read position inside chunks[0]
  length = 0;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** Returns the next `n` bytes (n <= length). The result may be a view of internal chunks. */
  read(n: number): Uint8Array {
    if (n > this.length) throw new Error(`ByteQueue: read(${n}) with ${this.length} bytes queued.`);
    this.length -= n;
    const first = this.chunks[0];
    if (n === 0 || first === undefined) return new Uint8Array(0);
    if (first.length - this.head >= n) {
      const out = first.subarray(this.head, this.head + n);
      this.head += n;
      if (this.head === first.length) {
        this.chunks.shift();
        this.head = 0;
      }
      return out;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0]!;
      const take = Math.min(c.length - this.head, n - filled);
      out.set(c.subarray(this.head, this.head + take), filled);
      filled += take;
      this.head += take;
      if (this.head === c.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    return out;
  }

  /** Drops everything queued. */
  clear(): void {
    this.chunks = [];
    this.head = 0;
    this.length = 0;
  }
}

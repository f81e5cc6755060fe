// Where decoded examples land: slot k of a batch-sized block of memory, so a full batch is
// already laid out as the batch tensors want it and needs no copy. Freshly allocated memory
// is expensive to touch for the first time (page faults and zeroing cost here 8× the copy
// itself), so it is touched once, by the decoder, in the worker threads that decode. With
// workers the blocks are SharedArrayBuffers, which the workers write in place.
import type { ChainOutputs } from './decode-clickme-arrays';

export class BatchArena {
  private images: Float32Array | null = null;
  private heatmaps: Float32Array | null = null;
  private used = 0;

  constructor(
    private readonly batchSize: number,
    private readonly imageLength: number,
    private readonly heatmapLength: number,
    private readonly shared: boolean,
  ) {}

  private block(length: number): Float32Array {
    const bytes = length * Float32Array.BYTES_PER_ELEMENT;
    return new Float32Array(this.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  }

  /** Views of the next slot, in dispatch order (a new block every batchSize slots). */
  next(): Required<ChainOutputs> {
    if (!this.images || !this.heatmaps || this.used === this.batchSize) {
      this.images = this.block(this.batchSize * this.imageLength);
      this.heatmaps = this.block(this.batchSize * this.heatmapLength);
      this.used = 0;
    }
    const k = this.used++;
    return {
      image: this.images.subarray(k * this.imageLength, (k + 1) * this.imageLength),
      heatmap: this.heatmaps.subarray(k * this.heatmapLength, (k + 1) * this.heatmapLength),
    };
  }
}

/**
 * The batch array behind `views` when they are slots 0…n−1 of `slotLength` values of one block,
 * in order (the usual case; a record skipped as corrupt shifts later slots), else null.
 */
export function contiguousBlock(views: readonly Float32Array[], slotLength: number): Float32Array | null {
  const bytes = slotLength * Float32Array.BYTES_PER_ELEMENT;
  const first = views[0];
  if (!first) return null;
  for (let i = 0; i < views.length; i++) {
    const v = views[i]!;
    if (v.buffer !== first.buffer || v.length !== slotLength || v.byteOffset !== i * bytes) return null;
  }
  return new Float32Array(first.buffer, 0, views.length * slotLength);
}

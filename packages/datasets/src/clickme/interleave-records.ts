// tf.data's deterministic interleave (InterleaveDataset semantics, block length 1): files are
// opened lazily into `cycleLength` slots; each step takes one record from the current slot and
// moves to the next; an exhausted slot is refilled with the next unopened file when the cycle
// comes back to it. With cycleLength ≥ number of files this is a plain round-robin.
import { readTFRecords, type ReadTFRecordsOptions, type TFRecordEntry } from '../tfrecord/read-tfrecords';

export interface InterleaveOptions extends Omit<ReadTFRecordsOptions, 'name'> {
  /** Files read at once (default: all). TF's AUTOTUNE used the machine's CPU count. */
  cycleLength?: number;
}

export async function* interleaveRecords(files: readonly string[], options: InterleaveOptions = {}): AsyncGenerator<TFRecordEntry> {
  const cycle = Math.max(1, Math.min(options.cycleLength ?? files.length, files.length));
  if (!Number.isInteger(cycle)) throw new Error(`Error in interleaveRecords: cycleLength must be a positive integer, got ${options.cycleLength}.`);
  const slots: (AsyncIterator<TFRecordEntry> | null)[] = new Array(cycle).fill(null);
  let nextFile = 0;
  let open = 0;
  let index = 0;
  try {
    while (nextFile < files.length || open > 0) {
      let it = slots[index];
      if (!it) {
        if (nextFile < files.length) {
          it = readTFRecords(files[nextFile++]!, options).entries()[Symbol.asyncIterator]();
          slots[index] = it;
          open++;
        } else {
          index = (index + 1) % cycle;
          continue;
        }
      }
      const r = await it.next();
      if (!r.done) {
        index = (index + 1) % cycle;
        yield r.value;
      } else {
        slots[index] = null;
        open--;
        index = (index + 1) % cycle;
      }
    }
  } finally {
    await Promise.all(slots.map((s) => s?.return?.(undefined)));
  }
}

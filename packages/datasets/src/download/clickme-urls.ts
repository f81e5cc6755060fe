// The official ClickMe shards (SPEC §2.1). The bucket holds train-0..train-318 and val-0..val-17;
// the original loaders asked for one fewer of each and so never read the last, partial shard
// (SPEC §13.2). Here every shard is listed.

/** Base URL of the ClickMe TFRecord shards. */
export const CLICKME_BASE_URL = 'https://storage.googleapis.com/serrelab/prj_harmonization/dataset/click-me';

export type ClickMeSplit = 'train' | 'val';

/** Shards per split, the last partial one included (train-318 and val-17, 256 records). */
export const CLICKME_SHARD_COUNTS: Readonly<Record<ClickMeSplit, number>> = Object.freeze({ train: 319, val: 18 });

function checkSplit(fn: string, split: string): asserts split is ClickMeSplit {
  if (split !== 'train' && split !== 'val') {
    throw new Error(`Error in ${fn}: split must be 'train' or 'val', got '${split}'.`);
  }
}

/** File name of one shard: `train-12.tfrecords`. */
export function clickMeShardFileName(split: ClickMeSplit, index: number): string {
  checkSplit('clickMeShardFileName', split);
  const count = CLICKME_SHARD_COUNTS[split];
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new Error(`Error in clickMeShardFileName: index must be an integer in 0..${count - 1} for split '${split}', got ${index}.`);
  }
  return `${split}-${index}.tfrecords`;
}

/** URL of one shard: `{base}/{split}/{split}-{index}.tfrecords`. */
export function clickMeShardUrl(split: ClickMeSplit, index: number, baseUrl: string = CLICKME_BASE_URL): string {
  return `${baseUrl.replace(/\/+$/, '')}/${split}/${clickMeShardFileName(split, index)}`;
}

/** URLs of all shards of a split (or of the given indices), in index order. */
export function clickMeShardUrls(split: ClickMeSplit, shards?: readonly number[], baseUrl: string = CLICKME_BASE_URL): string[] {
  checkSplit('clickMeShardUrls', split);
  const indices = shards ?? Array.from({ length: CLICKME_SHARD_COUNTS[split] }, (_, i) => i);
  return indices.map((i) => clickMeShardUrl(split, i, baseUrl));
}

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The shard files of `split` in `dir`, in shard-index order (natural, so train-2 before
 * train-10). Recognised names: `train-12.tfrecords` (the official and synthetic names, also
 * `.tfrecord`, `.gz`), `clickme_train_12` (the original's Keras cache) and
 * `train-00012-of-00100.tfrecord`.
 */
export async function listClickMeShards(dir: string, split: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw new Error(`Error in listClickMeShards: dir must be a readable folder, got ${JSON.stringify(dir)} (${(err as Error).message}).`);
  }
  const esc = split.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^(?:clickme_)?${esc}[-_](\\d+)(?:-of-\\d+)?(?:\\.tfrecords?)?(?:\\.gz)?$`);
  const found = names
    .map((n) => ({ n, m: re.exec(n) }))
    .filter((x): x is { n: string; m: RegExpExecArray } => x.m !== null)
    .sort((a, b) => Number(a.m[1]) - Number(b.m[1]) || a.n.localeCompare(b.n));
  return found.map((x) => join(dir, x.n));
}

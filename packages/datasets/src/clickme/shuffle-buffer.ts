import type { SeededRandom } from '../random/seeded-random';

/**
 * tf.data-style shuffle buffer: fill `bufferSize` items, then repeatedly emit a uniformly chosen
 * one and put the next input in its place; drain randomly at the end. bufferSize ≥ the
 * number of items is a full shuffle; 1 is the identity.
 */
export async function* shuffleBuffer<T>(source: AsyncIterable<T>, bufferSize: number, rng: SeededRandom): AsyncGenerator<T> {
  if (!Number.isInteger(bufferSize) || bufferSize < 1) {
    throw new Error(`Error in shuffleBuffer: bufferSize must be a positive integer, got ${bufferSize}.`);
  }
  const buf: T[] = [];
  for await (const item of source) {
    if (buf.length < bufferSize) {
      buf.push(item);
      continue;
    }
    const k = rng.int(bufferSize);
    const out = buf[k]!;
    buf[k] = item;
    yield out;
  }
  while (buf.length > 0) {
    const k = rng.int(buf.length);
    const out = buf[k]!;
    buf[k] = buf[buf.length - 1]!;
    buf.pop();
    yield out;
  }
}

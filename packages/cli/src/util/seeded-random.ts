// A small seeded generator (mulberry32) whose whole state is one 32-bit integer, so a
// checkpoint can store it and a resumed run continues the same sequence.
export class SeededRandom {
  state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Fisher–Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }
}

/**
 * Runs `fn` with Math.random replaced by a seeded generator. tfjs initialisers without an
 * explicit seed draw their seed from Math.random, so this makes model construction (and its
 * initial weights) reproducible without touching the zoo's builders.
 */
export function withSeededMathRandom<T>(seed: number, fn: () => T): T {
  const original = Math.random;
  const rng = new SeededRandom(seed);
  Math.random = () => rng.next();
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}

/** `withSeededMathRandom` for an async `fn`: Math.random stays seeded until it settles. */
export async function withSeededMathRandomAsync<T>(seed: number, fn: () => Promise<T>): Promise<T> {
  const original = Math.random;
  const rng = new SeededRandom(seed);
  Math.random = () => rng.next();
  try {
    return await fn();
  } finally {
    Math.random = original;
  }
}

// Input checks in one voice: "Error in <fn>: <argument> must be ..., got ...".
import type { Tensor } from '@tensorflow/tfjs-core';

export function fail(fn: string, message: string): never {
  throw new Error(`Error in ${fn}: ${message}`);
}

export function shapeOf(t: Tensor): string {
  return `[${t.shape.join(',')}]`;
}

export function assertRank(fn: string, name: string, t: Tensor, ranks: number[]): void {
  if (!ranks.includes(t.rank)) {
    const expected = ranks.length === 1 ? `rank ${ranks[0]}` : `rank ${ranks.slice(0, -1).join(', ')} or ${ranks.at(-1)}`;
    fail(fn, `${name} must be ${expected}, got rank ${t.rank} (shape ${shapeOf(t)}).`);
  }
}

export function assertSameBatch(fn: string, names: [string, string], a: Tensor, b: Tensor): void {
  if (a.shape[0] !== b.shape[0]) {
    fail(fn, `${names[0]} ${shapeOf(a)} and ${names[1]} ${shapeOf(b)} must have the same batch size.`);
  }
}

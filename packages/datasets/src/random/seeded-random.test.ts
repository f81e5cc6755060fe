import { describe, expect, it } from 'vitest';
import { SeededRandom } from './seeded-random';

describe('SeededRandom', () => {
  it('is deterministic per seed, uniform enough, and resumable from its state', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const xs = Array.from({ length: 20_000 }, () => a.next());
    expect(xs.slice(0, 100)).toEqual(Array.from({ length: 100 }, () => b.next()));
    expect(new SeededRandom(43).next()).not.toBe(xs[0]);
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[a.int(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    const normals = Array.from({ length: 20_000 }, () => a.normal());
    const nm = normals.reduce((s, v) => s + v, 0) / normals.length;
    const nv = normals.reduce((s, v) => s + (v - nm) ** 2, 0) / normals.length;
    expect(Math.abs(nm)).toBeLessThan(0.03);
    expect(Math.abs(nv - 1)).toBeLessThan(0.05);
    const state = a.getState();
    const next = [a.uint32(), a.uint32(), a.uint32()];
    const c = new SeededRandom(0);
    c.setState(state);
    expect([c.uint32(), c.uint32(), c.uint32()]).toEqual(next);
    expect(() => new SeededRandom(Number.NaN)).toThrow('Error in SeededRandom: seed must be a finite number, got NaN.');
  });
});

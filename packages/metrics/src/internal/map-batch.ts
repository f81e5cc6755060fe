// Turns the accepted map inputs (tfjs tensors [N,H,W] / [N,H,W,1], or arrays of typed arrays)
// into N flat float32 views without copying when the data is already float32.
import type { Tensor } from '@tensorflow/tfjs-core';
import { fail, formatShape } from './validate';

/**
 * A batch of N maps: a tfjs tensor `[N,H,W]` or `[N,H,W,1]`, or an array of N maps each given as
 * a flat `Float32Array` (or any array-like of numbers, cast to float32 as the original does) of
 * H·W values.
 */
export type MapsInput = Tensor | ReadonlyArray<ArrayLike<number>>;

export interface MapBatch {
  /** N. */
  readonly count: number;
  /** H·W: values per map. */
  readonly size: number;
  /** Shape used in messages and to compare the two inputs: `[N,H,W]`, or `[N, H·W]` for arrays. */
  readonly shape: readonly number[];
  /** Map i as a flat float32 view (do not modify). */
  map(i: number): Float32Array;
}

function isTensor(x: unknown): x is Tensor {
  return typeof x === 'object' && x !== null && 'shape' in x && 'dataSync' in x && 'rank' in x;
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return `an array of ${x.length}`;
  return typeof x === 'object' ? (x.constructor?.name ?? 'an object') : typeof x;
}

/** Flat float32 data of a tensor (a cast copy when the tensor is not float32). */
export function tensorValues(t: Tensor): Float32Array {
  const data = t.dataSync();
  return data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
}

export function fromFlat(fn: string, name: string, values: Float32Array, shape: readonly number[]): MapBatch {
  if (!(shape.length === 3 || (shape.length === 4 && shape[3] === 1))) {
    fail(fn, `${name} must be maps of shape [N,H,W] or [N,H,W,1], got ${formatShape(shape)}.`);
  }
  const count = shape[0] ?? 0;
  const size = (shape[1] ?? 0) * (shape[2] ?? 0);
  return {
    count,
    size,
    shape: shape.slice(0, 3),
    map: (i) => values.subarray(i * size, (i + 1) * size),
  };
}

/** Reads `input` as a batch of maps; `fn` and `name` go into the error messages. */
export function toMapBatch(fn: string, name: string, input: MapsInput): MapBatch {
  if (isTensor(input)) {
    if (!(input.rank === 3 || (input.rank === 4 && input.shape[3] === 1))) {
      fail(fn, `${name} must be maps of shape [N,H,W] or [N,H,W,1], got ${formatShape(input.shape)}.`);
    }
    return fromFlat(fn, name, tensorValues(input), input.shape);
  }
  if (!Array.isArray(input)) {
    fail(fn, `${name} must be a tensor [N,H,W] / [N,H,W,1] or an array of Float32Array maps, got ${describe(input)}.`);
  }
  const maps = input.map((m, i) => {
    if (m instanceof Float32Array) return m;
    if (m === null || typeof m !== 'object' || typeof (m as ArrayLike<number>).length !== 'number') {
      fail(fn, `${name}[${i}] must be a Float32Array (or an array of numbers), got ${describe(m)}.`);
    }
    return Float32Array.from(m);
  });
  const size = maps[0]?.length ?? 0;
  maps.forEach((m, i) => {
    if (m.length !== size) {
      fail(fn, `every map in ${name} must have the same length, got ${size} for ${name}[0] and ${m.length} for ${name}[${i}].`);
    }
  });
  return { count: maps.length, size, shape: [maps.length, size], map: (i) => maps[i] as Float32Array };
}

/** Reads both inputs and checks they hold the same number of maps of the same size. */
export function toMapPair(fn: string, a: MapsInput, b: MapsInput): [MapBatch, MapBatch] {
  const ba = toMapBatch(fn, 'a', a);
  const bb = toMapBatch(fn, 'b', b);
  const same =
    ba.count === bb.count &&
    ba.size === bb.size &&
    (ba.shape.length !== bb.shape.length || ba.shape.every((d, i) => d === bb.shape[i]));
  if (!same) {
    const full = (x: MapsInput, m: MapBatch) => formatShape(isTensor(x) ? x.shape : m.shape);
    fail(fn, `a and b must have the same shape, got ${full(a, ba)} and ${full(b, bb)}.`);
  }
  return [ba, bb];
}

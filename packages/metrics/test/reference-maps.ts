// Rebuilds the maps of tools/reference/metrics_reference.py from their generator specs: the
// same mulberry32 stream and the same IEEE-exact float64 arithmetic, then a float32 cast.
import { seededRandom } from '../src/internal/random';

export type MapSpec =
  | { kind: string; seed: number }
  | { mix: [MapSpec, MapSpec]; weight: number }
  | { negate: MapSpec }
  | { one_minus: MapSpec };

function generate(kind: string, seed: number, n: number): Float64Array {
  const random = seededRandom(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = random();
    let v: number;
    switch (kind) {
      case 'uniform': v = x; break;
      case 'quantized8': v = Math.floor(x * 8) / 8; break;
      case 'binary15': v = x < 0.15 ? 1 : 0; break;
      case 'binary5': v = x < 0.05 ? 1 : 0; break;
      case 'heavy': v = 1 / (x * x + 1e-12); break;
      case 'signed': v = x < 0.2 ? (x < 0.1 ? -0 : 0) : (x - 0.6) * 3; break;
      case 'constant': v = 0.25; break;
      case 'zeros': v = 0; break;
      default: throw new Error(`unknown map kind ${kind}`);
    }
    out[i] = Math.fround(v);
  }
  return out;
}

function build(spec: MapSpec, n: number): Float64Array {
  if ('mix' in spec) {
    const a = build(spec.mix[0], n);
    const b = build(spec.mix[1], n);
    return a.map((v, i) => Math.fround(v + spec.weight * (b[i] as number)));
  }
  if ('negate' in spec) return build(spec.negate, n).map((v) => Math.fround(-v));
  if ('one_minus' in spec) return build(spec.one_minus, n).map((v) => Math.fround(1 - v));
  return generate(spec.kind, spec.seed, n);
}

export function referenceMap(spec: MapSpec, n: number): Float32Array {
  return Float32Array.from(build(spec, n));
}

export interface ReferenceCase {
  name: string;
  shape: number[];
  spearman: (number | null)[];
  overlap: {
    percentile: number;
    dice: number[];
    iou: number[];
    thresholdA: (number | null)[];
    thresholdB: (number | null)[];
  }[];
  pairs?: [MapSpec, MapSpec][];
  literal?: { a: (number | null)[]; b: (number | null)[] };
}

/** The N maps a and b of a case, each flat (H·W values). */
export function caseMaps(c: ReferenceCase): { a: Float32Array[]; b: Float32Array[] } {
  const count = c.shape[0] as number;
  const size = (c.shape[1] as number) * (c.shape[2] as number);
  if (c.literal) {
    const flat = (v: (number | null)[]) => Float32Array.from(v, (x) => (x === null ? Number.NaN : x));
    const a = flat(c.literal.a);
    const b = flat(c.literal.b);
    return {
      a: Array.from({ length: count }, (_, i) => a.slice(i * size, (i + 1) * size)),
      b: Array.from({ length: count }, (_, i) => b.slice(i * size, (i + 1) * size)),
    };
  }
  const pairs = c.pairs ?? [];
  return { a: pairs.map(([s]) => referenceMap(s, size)), b: pairs.map(([, s]) => referenceMap(s, size)) };
}

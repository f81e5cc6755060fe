// Finite-difference checks of tfjs gradients, first and second order, in float32.
//
// A function `fn(...xs)` returning one or more tensors is reduced to the scalar
// `L = Σ_k <w_k, fn(xs)_k>` with fixed random weights w. Along random directions v, the
// analytic directional derivative `Σ_i <∇_i L, v_i>` (tf.grads) is compared with the
// 4-point central difference `(-L(x+2hv) + 8L(x+hv) - 8L(x-hv) + L(x-2hv)) / 12h`, whose
// forward values are summed in float64 in JS. Second order applies the same check to
// `x ↦ ∇L(x)` itself: the gradient of a gradient, as the harmonization loss needs.
import * as tf from '@tensorflow/tfjs-core';

export type TensorFn = (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];

export interface GradientCheckOptions {
  /** Which inputs to differentiate (default: all float32 inputs). */
  wrt?: number[];
  /** 1: check ∇L; 2: check ∇(Σ <w', ∇L>). Default 1. */
  order?: 1 | 2;
  /** Step along the unit-variance direction. Default 1e-2 (use ~1e-3 near kinks). */
  step?: number;
  /** Number of random directions. Default 2. */
  directions?: number;
  /** Seed of the weights and directions. Default 1. */
  seed?: number;
  /** Relative tolerance on the directional derivative. Default 2e-2. */
  rtol?: number;
  /** Tolerance relative to ‖∇L‖·‖v‖ (the largest the derivative could be). Default 2e-3. */
  atol?: number;
}

export interface DirectionResult {
  analytic: number;
  numeric: number;
  /** ‖∇L‖·‖v‖: the scale of the comparison. */
  scale: number;
  ok: boolean;
}

export interface GradientCheckResult {
  ok: boolean;
  directions: DirectionResult[];
}

/** A small seeded PRNG (mulberry32) → standard normals by Box–Muller. */
export function seededNormals(count: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const u = Math.max(uniform(), 1e-12);
    out[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  }
  return out;
}

function asList(out: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
  return Array.isArray(out) ? out : [out];
}

/** Weights for the scalar reduction, shaped like fn's outputs (made once, then kept). */
function makeWeights(fn: TensorFn, xs: tf.Tensor[], seed: number): tf.Tensor[] {
  const shapes = tf.tidy(() => asList(fn(...xs)).map((t) => t.shape));
  return shapes.map((shape, k) => tf.tensor(seededNormals(tf.util.sizeFromShape(shape), seed * 7919 + k), shape, 'float32'));
}

/** Σ_k <w_k, out_k> in float64. */
function reduceInJs(outs: tf.Tensor[], ws: tf.Tensor[]): number {
  let total = 0;
  outs.forEach((o, k) => {
    const a = o.dataSync();
    const w = (ws[k] as tf.Tensor).dataSync();
    for (let i = 0; i < a.length; i++) total += (a[i] as number) * (w[i] as number);
  });
  return total;
}

/** The scalar objective built from fn and weights, as a tensor function of the differentiated inputs. */
function objective(fn: TensorFn, ws: tf.Tensor[], xs: tf.Tensor[], wrt: number[]) {
  return (...diff: tf.Tensor[]): tf.Scalar => {
    const all = xs.slice();
    wrt.forEach((idx, j) => {
      all[idx] = diff[j] as tf.Tensor;
    });
    const outs = asList(fn(...all));
    return tf.addN(outs.map((o, k) => tf.sum(tf.mul(o, ws[k] as tf.Tensor)))) as tf.Scalar;
  };
}

/**
 * Gradients of `L` w.r.t. the `wrt` inputs. `0·Σx` is added for every input so that one `L`
 * does not depend on gets a zero gradient instead of tf.grads refusing it.
 */
function gradients(loss: (...d: tf.Tensor[]) => tf.Scalar, diff: tf.Tensor[]): tf.Tensor[] {
  const connected = (...d: tf.Tensor[]): tf.Scalar =>
    tf.addN([loss(...d), ...d.map((x) => tf.mul(tf.sum(x), 0))]) as tf.Scalar;
  return tf.grads(connected)(diff);
}

/**
 * Checks the gradient (order 1) or the gradient of the gradient (order 2) of `fn` at `xs`
 * against finite differences. Disposes everything it creates; `xs` are left untouched.
 */
export function checkGradients(fn: TensorFn, xs: tf.Tensor[], options: GradientCheckOptions = {}): GradientCheckResult {
  const order = options.order ?? 1;
  const wrt = options.wrt ?? xs.map((x, i) => (x.dtype === 'float32' ? i : -1)).filter((i) => i >= 0);
  const seed = options.seed ?? 1;
  let target: TensorFn = fn;
  const held: tf.Tensor[] = [];
  if (order === 2) {
    const inner = makeWeights(fn, xs, seed + 101);
    held.push(...inner);
    // x ↦ ∇_wrt Σ <w, fn(x)>: the function whose derivative is checked.
    target = (...all: tf.Tensor[]) =>
      gradients(
        objective(fn, inner, all, wrt),
        wrt.map((i) => all[i] as tf.Tensor),
      );
  }
  const ws = makeWeights(target, xs, seed);
  held.push(...ws);
  try {
    const step = options.step ?? 1e-2;
    const rtol = options.rtol ?? 2e-2;
    const atol = options.atol ?? 2e-3;
    const diff = wrt.map((i) => xs[i] as tf.Tensor);
    const grads = tf.tidy(() => gradients(objective(target, ws, xs, wrt), diff));
    const gradValues = grads.map((g) => g.dataSync().slice());
    grads.forEach((g) => g.dispose());
    const results: DirectionResult[] = [];
    for (let d = 0; d < (options.directions ?? 2); d++) {
      const vs = diff.map((x, j) => seededNormals(x.size, seed * 104729 + d * 31 + j));
      let analytic = 0;
      let gNorm2 = 0;
      let vNorm2 = 0;
      gradValues.forEach((g, j) => {
        const v = vs[j] as Float32Array;
        for (let i = 0; i < g.length; i++) {
          analytic += (g[i] as number) * (v[i] as number);
          gNorm2 += (g[i] as number) ** 2;
          vNorm2 += (v[i] as number) ** 2;
        }
      });
      const at = (t: number) =>
        tf.tidy(() => {
          const all = xs.slice();
          wrt.forEach((idx, j) => {
            const x = xs[idx] as tf.Tensor;
            all[idx] = tf.add(x, tf.mul(tf.tensor(vs[j] as Float32Array, x.shape, 'float32'), t * step));
          });
          const outs = asList(target(...all));
          return reduceInJs(outs, ws);
        });
      const numeric = (-at(2) + 8 * at(1) - 8 * at(-1) + at(-2)) / (12 * step);
      const scale = Math.sqrt(gNorm2 * vNorm2);
      const ok = Math.abs(analytic - numeric) <= rtol * Math.max(Math.abs(analytic), Math.abs(numeric)) + atol * scale + 1e-6;
      results.push({ analytic, numeric, scale, ok });
    }
    return { ok: results.every((r) => r.ok), directions: results };
  } finally {
    held.forEach((t) => t.dispose());
  }
}

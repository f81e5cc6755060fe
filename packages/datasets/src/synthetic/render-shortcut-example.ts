// One image of the synthetic shortcut dataset (the recipe of the CLI issue, found to work in a
// PyTorch prototype): a bright shape on a dark textured noisy background, the human map on the
// shape, and a 5×5 coloured patch in a random corner whose hue encodes a class.
import type { SeededRandom } from '../random/seeded-random';
import { SHORTCUT_SHAPES, shapeMask } from './shapes';

/** The six patch hues (RGB in 0..1): red, yellow, green, cyan, blue, magenta. */
export const SHORTCUT_HUES: readonly (readonly [number, number, number])[] = [
  [1, 0, 0],
  [1, 1, 0],
  [0, 1, 0],
  [0, 1, 1],
  [0, 0, 1],
  [1, 0, 1],
];

export const SHORTCUT_PATCH = 5;

export interface ShortcutExample {
  /** `[size, size, 3]` in 0..1. */
  image: Float32Array;
  /** `[size, size]` object mask blurred with σ = mapSigma, max 1. */
  heatmap: Float32Array;
  /** `[size, size]` binary object mask. */
  mask: Float32Array;
  label: number;
  /** The class whose hue the patch shows. */
  shortcutLabel: number;
  /** 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right. */
  corner: number;
  /** Patch box [y0, x0, y1, x1) in pixels. */
  shortcutBox: [number, number, number, number];
}

/** Separable Gaussian blur (σ in px, truncated at 3σ, zero outside), normalised to max 1. */
export function gaussianBlurMap(map: Float32Array, size: number, sigma: number): Float32Array {
  const rad = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float64Array(2 * rad + 1);
  let ks = 0;
  for (let i = -rad; i <= rad; i++) ks += k[i + rad] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i]! /= ks;
  const tmp = new Float64Array(size * size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let s = 0;
      for (let i = -rad; i <= rad; i++) {
        const xx = x + i;
        if (xx >= 0 && xx < size) s += map[y * size + xx]! * k[i + rad]!;
      }
      tmp[y * size + x] = s;
    }
  const out = new Float32Array(size * size);
  let max = 0;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let s = 0;
      for (let i = -rad; i <= rad; i++) {
        const yy = y + i;
        if (yy >= 0 && yy < size) s += tmp[yy * size + x]! * k[i + rad]!;
      }
      out[y * size + x] = s;
      if (s > max) max = s;
    }
  if (max > 0) for (let i = 0; i < out.length; i++) out[i]! /= max;
  return out;
}

export interface RenderOptions {
  size: number;
  classes: number;
  /** Probability that the patch shows the label's hue; otherwise a uniformly random hue. */
  shortcutStrength: number;
  /** σ of the human map blur in pixels at size 32 (scaled with size). Default 1.9. */
  mapSigma?: number;
  noiseSigma?: number;
}

export function renderShortcutExample(rng: SeededRandom, label: number, o: RenderOptions): ShortcutExample {
  const { size, classes } = o;
  const scale = size / 32;
  const image = new Float32Array(size * size * 3);
  // Dark background: base colour in [0.05, 0.45] per channel plus a sine grating.
  const base = [rng.uniform(0.05, 0.45), rng.uniform(0.05, 0.45), rng.uniform(0.05, 0.45)];
  const theta = rng.uniform(0, Math.PI);
  const freq = rng.uniform(2, 6) / size; // cycles per pixel
  const phase = rng.uniform(0, 2 * Math.PI);
  const amp = rng.uniform(0.03, 0.1);
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const g = amp * Math.sin(2 * Math.PI * freq * (x * cos + y * sin) + phase);
      for (let c = 0; c < 3; c++) image[(y * size + x) * 3 + c] = base[c]! + g;
    }
  // Bright object: colour in [0.55, 1] per channel, random position and scale.
  const r = rng.uniform(0.22, 0.36) * size;
  const cx = rng.uniform(r, size - r);
  const cy = rng.uniform(r, size - r);
  const colour = [rng.uniform(0.55, 1), rng.uniform(0.55, 1), rng.uniform(0.55, 1)];
  const mask = shapeMask(SHORTCUT_SHAPES[label]!, size, cx, cy, r);
  for (let i = 0; i < size * size; i++) if (mask[i]) for (let c = 0; c < 3; c++) image[i * 3 + c] = colour[c]!;
  const noise = o.noiseSigma ?? 0.08;
  for (let i = 0; i < image.length; i++) image[i] = Math.min(1, Math.max(0, image[i]! + noise * rng.normal()));
  // Shortcut patch in a random corner, 1 px from the border (scaled with size).
  const corner = rng.int(4);
  const shortcutLabel = rng.next() < o.shortcutStrength ? label : rng.int(classes);
  const p = Math.round(SHORTCUT_PATCH * scale);
  const m = Math.round(scale);
  const y0 = corner < 2 ? m : size - m - p;
  const x0 = corner % 2 === 0 ? m : size - m - p;
  const hue = SHORTCUT_HUES[shortcutLabel]!;
  for (let y = y0; y < y0 + p; y++) for (let x = x0; x < x0 + p; x++) for (let c = 0; c < 3; c++) image[(y * size + x) * 3 + c] = hue[c]!;
  const heatmap = gaussianBlurMap(mask, size, (o.mapSigma ?? 1.9) * scale);
  return { image, heatmap, mask, label, shortcutLabel, corner, shortcutBox: [y0, x0, y0 + p, x0 + p] };
}

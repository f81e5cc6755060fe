import { gaussianKernel } from './gaussian-kernel';

/**
 * TF `conv2d(map, kernel, strides 1, padding 'SAME')` of a single-channel `[height, width]` map
 * with a `[k, k]` kernel: cross-correlation (no flip), zero padding ⌊(k−1)/2⌋ before and
 * ⌈(k−1)/2⌉ after (k = 10: 4 and 5). out[i][j] = Σ_{a,b} in[i+a−4][j+b−4]·w[a][b].
 * Default kernel: ClickMe's 10×10, σ = 10. Returns a new Float32Array.
 */
export function blurHeatmap(
  data: ArrayLike<number>,
  height: number,
  width: number,
  kernel: Float32Array = DEFAULT_KERNEL,
  kernelSize: number = Math.round(Math.sqrt(kernel.length)),
): Float32Array {
  if (data.length !== height * width) {
    throw new Error(`Error in blurHeatmap: data must hold height·width = ${height * width} values, got ${data.length}.`);
  }
  if (kernel.length !== kernelSize * kernelSize) {
    throw new Error(`Error in blurHeatmap: kernel must hold kernelSize² = ${kernelSize * kernelSize} values, got ${kernel.length}.`);
  }
  const k = kernelSize;
  const before = Math.floor((k - 1) / 2);
  const out = new Float32Array(height * width);
  for (let i = 0; i < height; i++) {
    const a0 = Math.max(0, before - i);
    const a1 = Math.min(k, height + before - i);
    for (let j = 0; j < width; j++) {
      const b0 = Math.max(0, before - j);
      const b1 = Math.min(k, width + before - j);
      let s = 0;
      for (let a = a0; a < a1; a++) {
        const row = (i + a - before) * width + j - before;
        const krow = a * k;
        for (let b = b0; b < b1; b++) s += data[row + b]! * kernel[krow + b]!;
      }
      out[i * width + j] = s;
    }
  }
  return out;
}

const DEFAULT_KERNEL = gaussianKernel();

/**
 * Same result as `blurHeatmap(data, h, w, gaussianKernel(size, sigma))` up to float rounding
 * (≈1e-7 relative), in two 1-D passes: the Gaussian kernel is the outer product of a column and
 * a row factor, and zero padding commutes with that split. 20 instead of 100 multiply-adds per
 * pixel for ClickMe's 10×10 kernel.
 */
export function blurHeatmapGaussian(data: ArrayLike<number>, height: number, width: number, size: number, sigma: number): Float32Array {
  if (data.length !== height * width) {
    throw new Error(`Error in blurHeatmapGaussian: data must hold height·width = ${height * width} values, got ${data.length}.`);
  }
  const start = Math.floor((1 - size) / 2);
  const col = new Float64Array(size); // weight by kernel column (x)
  const row = new Float64Array(size); // weight by kernel row (y runs reversed)
  let sc = 0;
  let sr = 0;
  for (let i = 0; i < size; i++) {
    const x = start + i;
    const y = start + (size - 1 - i);
    sc += col[i] = Math.exp(-(x * x) / (2 * sigma * sigma));
    sr += row[i] = Math.exp(-(y * y) / (2 * sigma * sigma));
  }
  for (let i = 0; i < size; i++) {
    col[i]! /= sc;
    row[i]! /= sr;
  }
  const before = Math.floor((size - 1) / 2);
  const tmp = new Float64Array(height * width);
  for (let i = 0; i < height; i++) {
    const base = i * width;
    for (let j = 0; j < width; j++) {
      const b0 = Math.max(0, before - j);
      const b1 = Math.min(size, width + before - j);
      let s = 0;
      for (let b = b0; b < b1; b++) s += data[base + j + b - before]! * col[b]!;
      tmp[base + j] = s;
    }
  }
  const out = new Float32Array(height * width);
  for (let i = 0; i < height; i++) {
    const a0 = Math.max(0, before - i);
    const a1 = Math.min(size, height + before - i);
    for (let j = 0; j < width; j++) {
      let s = 0;
      for (let a = a0; a < a1; a++) s += tmp[(i + a - before) * width + j]! * row[a]!;
      out[i * width + j] = s;
    }
  }
  return out;
}

// The original's blur kernel (SPEC §3): coordinates x = ⌊(1−size)/2⌋ … ⌊(size−1)/2⌋ along
// columns and the same reversed along rows, so an even size is NOT centred (size 10: x runs
// −5..4, y runs 4..−5; the peak sits at row 4, column 5). Weights exp(−(x²+y²)/2σ²)/(2πσ²),
// normalised to sum 1, cast to float32.

/** ClickMe's constants: BLUR_KERNEL_SIZE = 10, BLUR_SIGMA = 10. */
export const CLICKME_BLUR = { size: 10, sigma: 10 } as const;

/** Returns the `[size, size]` kernel, row-major. */
export function gaussianKernel(size: number = CLICKME_BLUR.size, sigma: number = CLICKME_BLUR.sigma): Float32Array {
  if (!Number.isInteger(size) || size < 1) throw new Error(`Error in gaussianKernel: size must be a positive integer, got ${size}.`);
  if (!(sigma > 0)) throw new Error(`Error in gaussianKernel: sigma must be > 0, got ${sigma}.`);
  const start = Math.floor((1 - size) / 2);
  const w = new Float64Array(size * size);
  let sum = 0;
  for (let r = 0; r < size; r++) {
    const y = start + (size - 1 - r);
    for (let c = 0; c < size; c++) {
      const x = start + c;
      const v = Math.exp(-(x * x + y * y) / (2 * sigma * sigma)) / (2 * Math.PI * sigma * sigma);
      w[r * size + c] = v;
      sum += v;
    }
  }
  const out = new Float32Array(size * size);
  for (let i = 0; i < out.length; i++) out[i] = w[i]! / sum;
  return out;
}

// Shape of tools/reference/fixtures/datasets_resize_blur.json (written by datasets_resize_blur.py).
export interface ResizeBlurReference {
  resize_cases: { shape: [number, number, number]; out: [number, number]; input: number[]; expected: number[] }[];
  kernels: { size: number; sigma: number; values: number[] }[];
  blur_cases: { shape: [number, number]; size: number; sigma: number; input: number[]; expected: number[] }[];
  chain: {
    heatmap64: number[];
    heatmap64_blurred: number[];
    sample_index: number[];
    heatmap224_samples: number[];
    heatmap224_sum: number;
    image224_samples: number[];
    image224_sum: number;
  };
}

/** The integer formula the generator uses for its 256×256 inputs. */
export function formulaImage(h: number, w: number, c: number): Float32Array {
  const out = new Float32Array(h * w * c);
  for (let i = 0; i < h; i++)
    for (let j = 0; j < w; j++) for (let ch = 0; ch < c; ch++) out[(i * w + j) * c + ch] = (i * 31 + j * 17 + ch * 7 + ((i * j) % 13)) % 256;
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

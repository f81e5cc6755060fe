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

/** tools/reference/fixtures/datasets_decode_clickme.json: one ClickMe example's JPEG bytes, and
 *  the chain's outputs on PIL's INTEGER_ACCURATE pixels and djpeg's INTEGER_FAST ("fast_") ones. */
export interface DecodeReference {
  image_jpeg_base64: string;
  heatmap_jpeg_base64: string;
  label: number;
  decoded_image_sum: number;
  decoded_heatmap_sum: number;
  decoded_image_row100: number[];
  sample_index: number[];
  image224_samples: number[];
  image224_sum: number;
  heatmap224_samples: number[];
  heatmap224_sum: number;
  heatmap224_min: number;
  fast_decoded_image_sum: number;
  fast_decoded_heatmap_sum: number;
  fast_decoded_image_row100: number[];
  fast_vs_accurate_max_abs: number;
  fast_image224_samples: number[];
  fast_image224_sum: number;
  fast_heatmap224_samples: number[];
  fast_heatmap224_sum: number;
}

/** The chain's expected outputs for one DCT method. */
export function expectedChain(ref: DecodeReference, dct: 'INTEGER_FAST' | 'INTEGER_ACCURATE') {
  const fast = dct === 'INTEGER_FAST';
  return {
    imageSum: fast ? ref.fast_decoded_image_sum : ref.decoded_image_sum,
    heatmapSum: fast ? ref.fast_decoded_heatmap_sum : ref.decoded_heatmap_sum,
    row100: fast ? ref.fast_decoded_image_row100 : ref.decoded_image_row100,
    image224Samples: fast ? ref.fast_image224_samples : ref.image224_samples,
    image224Sum: fast ? ref.fast_image224_sum : ref.image224_sum,
    heatmap224Samples: fast ? ref.fast_heatmap224_samples : ref.heatmap224_samples,
    heatmap224Sum: fast ? ref.fast_heatmap224_sum : ref.heatmap224_sum,
  };
}

/** Values at rows/columns `idx` of an HWC map, in the generator's order. */
export function samples(data: Float32Array, side: number, channels: number, idx: number[]): number[] {
  const out: number[] = [];
  for (const i of idx) for (const j of idx) for (let c = 0; c < channels; c++) out.push(data[(i * side + j) * channels + c]!);
  return out;
}

export const sum = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
};

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

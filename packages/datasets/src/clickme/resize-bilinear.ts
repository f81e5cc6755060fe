// TensorFlow 2 `tf.image.resize(method='bilinear')` (antialias off) on typed arrays:
// half-pixel centres, src = (dst + 0.5)·(in/out) − 0.5, lower = max(floor(src), 0),
// upper = min(ceil(src), in − 1), lerp = src − floor(src). Coordinates and the interpolation are
// computed in float32, every step rounded, as TF's CPU kernel (compute_lerp) does. No
// antialiasing: 256 → 64 samples pixels 4k+1 and 4k+2 only.

const fround = Math.fround;

interface Axis {
  lo: Int32Array;
  hi: Int32Array;
  lerp: Float32Array;
}

function axis(inSize: number, outSize: number): Axis {
  const scale = Math.fround(inSize / outSize);
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const lerp = new Float32Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const src = Math.fround(Math.fround(Math.fround(i + 0.5) * scale) - 0.5);
    const f = Math.floor(src);
    lo[i] = Math.max(f, 0);
    hi[i] = Math.min(Math.ceil(src), inSize - 1);
    lerp[i] = Math.fround(src - f);
  }
  return { lo, hi, lerp };
}

/**
 * Bilinear resize of an HWC image, channels interleaved (`[height, width, channels]` row-major).
 * Returns a new Float32Array of `[outHeight, outWidth, channels]`.
 */
export function resizeBilinear(
  data: ArrayLike<number>,
  height: number,
  width: number,
  channels: number,
  outHeight: number,
  outWidth: number,
): Float32Array {
  for (const [name, v] of [
    ['height', height],
    ['width', width],
    ['channels', channels],
    ['outHeight', outHeight],
    ['outWidth', outWidth],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`Error in resizeBilinear: ${name} must be a positive integer, got ${v}.`);
  }
  if (data.length !== height * width * channels) {
    throw new Error(
      `Error in resizeBilinear: data must hold height·width·channels = ${height}·${width}·${channels} = ${height * width * channels} values, got ${data.length}.`,
    );
  }
  const out = new Float32Array(outHeight * outWidth * channels);
  const ya = axis(height, outHeight);
  const xa = axis(width, outWidth);
  const rowStride = width * channels;
  // x offsets in elements, precomputed once per column
  const x0 = new Int32Array(outWidth);
  const x1 = new Int32Array(outWidth);
  for (let x = 0; x < outWidth; x++) {
    x0[x] = xa.lo[x]! * channels;
    x1[x] = xa.hi[x]! * channels;
  }
  let o = 0;
  for (let y = 0; y < outHeight; y++) {
    const top = ya.lo[y]! * rowStride;
    const bottom = ya.hi[y]! * rowStride;
    const yl = ya.lerp[y]!;
    for (let x = 0; x < outWidth; x++) {
      const xl = xa.lerp[x]!;
      const l = x0[x]!;
      const r = x1[x]!;
      for (let c = 0; c < channels; c++) {
        const tl = data[top + l + c]!;
        const tr = data[top + r + c]!;
        const bl = data[bottom + l + c]!;
        const br = data[bottom + r + c]!;
        const t = fround(tl + fround(fround(tr - tl) * xl));
        const b = fround(bl + fround(fround(br - bl) * xl));
        out[o++] = t + fround(fround(b - t) * yl); // the store rounds the sum
      }
    }
  }
  return out;
}

import * as tf from '@tensorflow/tfjs-core';

/**
 * StridedSlice(x; begin, end, strides, masks): `dy` scattered back to the positions it was
 * read from, zeros elsewhere. Per axis: spread by the stride (reshape → pad → reshape), then
 * pad before/after — all ops with registered gradients, so it differentiates again. No
 * gradient is registered for StridedSlice in stock tfjs 4.22. Positive strides only.
 */
export const stridedSliceGradConfig: tf.GradConfig = {
  kernelName: tf.StridedSlice,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    const a = attrs as unknown as tf.StridedSliceAttrs;
    const info = tf.slice_util.sliceInfo(
      x.shape,
      a.begin,
      a.end,
      a.strides,
      a.beginMask,
      a.endMask,
      a.ellipsisMask,
      a.newAxisMask,
      a.shrinkAxisMask,
    );
    if (info.strides.some((s) => s <= 0)) {
      throw new Error(`Error in stridedSlice gradient: strides must be positive, got [${info.strides.join(', ')}].`);
    }
    return {
      x: () => {
        // Size read along every input axis (the shape before shrink/new axes are applied).
        const sizes = x.shape.map((_, i) => {
          const b = info.begin[i] as number;
          const e = info.end[i] as number;
          const s = info.strides[i] as number;
          return Math.max(0, Math.ceil((e - b) / s));
        });
        let g = tf.reshape(dy as tf.Tensor, sizes);
        for (let axis = 0; axis < x.rank; axis++) {
          const s = info.strides[axis] as number;
          const n = sizes[axis] as number;
          const b = info.begin[axis] as number;
          const dim = x.shape[axis] as number;
          let span = n;
          if (s > 1 && n > 0) {
            // [.., n, ..] → [.., n, 1, ..] → pad to [.., n, s, ..] → [.., n·s, ..] → keep (n-1)·s+1.
            const shape = g.shape.slice();
            const split = [...shape.slice(0, axis), n, 1, ...shape.slice(axis + 1)];
            const pads = split.map((_, k) => [0, k === axis + 1 ? s - 1 : 0] as [number, number]);
            const spread = tf.reshape(tf.pad(tf.reshape(g, split), pads), [...shape.slice(0, axis), n * s, ...shape.slice(axis + 1)]);
            span = (n - 1) * s + 1;
            g = tf.slice(spread, shape.map(() => 0), shape.map((d, k) => (k === axis ? span : d)));
          }
          const after = dim - b - span;
          if (b !== 0 || after !== 0) {
            g = tf.pad(g, g.shape.map((_, k) => (k === axis ? [b, after] : [0, 0]) as [number, number]));
          }
        }
        return g;
      },
    };
  },
};

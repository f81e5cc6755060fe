import * as tf from '@tensorflow/tfjs-core';

/**
 * The backend methods this kernel uses. wasm has `makeOutput` + `typedArrayFromHeap` (views of
 * its heap, no copies); any backend has `readSync` + `makeTensorInfo` (the cpu backend's
 * `readSync` returns its own array, no copy either).
 */
interface BackendLike {
  readSync(dataId: object): tf.TypedArray;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.TypedArray): tf.TensorInfo;
  makeOutput?(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap?(t: tf.TensorInfo): tf.TypedArray;
}

/**
 * MaxPoolGrad for wasm. tfjs-backend-wasm 4.22's own kernel is silently WRONG for 2×2/2
 * (VALID and SAME), 2×2/1 and 3×3/1 windows. This one routes every `dy` to the FIRST maximum
 * of its window in row-major order (strict `>`, padding never wins) — the cpu backend's rule,
 * which our MaxPoolGrad gradient also follows. A plain loop: O(N·oh·ow·C·kh·kw), milliseconds.
 * Registered for cpu too, where it matches tfjs's kernel exactly and runs ~30× faster.
 */
export function maxPoolGradWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as BackendLike;
  const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const onHeap = backend.makeOutput != null && backend.typedArrayFromHeap != null;
  // Allocate first: allocation may grow the wasm heap, which detaches earlier views.
  const out = onHeap ? (backend.makeOutput as NonNullable<BackendLike['makeOutput']>)(input.shape, 'float32') : null;
  const view = (t: tf.TensorInfo) => (onHeap ? (backend.typedArrayFromHeap as NonNullable<BackendLike['typedArrayFromHeap']>)(t) : backend.readSync(t.dataId));
  const x = view(input);
  const g = view(dy);
  // Scattered adds go to a plain array (faster than into the heap), copied out once.
  const dx = new Float32Array(tf.util.sizeFromShape(input.shape));
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const rowStride = inWidth * c;
  const imageStride = inHeight * rowStride;
  let k = 0; // index into dy, which is [N, oh, ow, C] in row-major order
  for (let n = 0; n < batchSize; n++) {
    const base = n * imageStride;
    for (let oh = 0; oh < outHeight; oh++) {
      const r0 = oh * strideHeight - top;
      const rMin = Math.max(0, r0);
      const rMax = Math.min(inHeight, r0 + filterHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const c0 = ow * strideWidth - left;
        const cMin = Math.max(0, c0);
        const cMax = Math.min(inWidth, c0 + filterWidth);
        for (let ch = 0; ch < c; ch++, k++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let r = rMin; r < rMax; r++) {
            const rowBase = base + r * rowStride + ch;
            for (let col = cMin; col < cMax; col++) {
              const idx = rowBase + col * c;
              const v = x[idx] as number;
              if (v > best) {
                best = v;
                at = idx;
              }
            }
          }
          if (at >= 0) dx[at] = (dx[at] as number) + (g[k] as number);
        }
      }
    }
  }
  if (out == null) return backend.makeTensorInfo(input.shape, 'float32', dx);
  (backend.typedArrayFromHeap as NonNullable<BackendLike['typedArrayFromHeap']>)(out).set(dx);
  return out;
}

export const maxPoolGradWasmConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGradWasm as unknown as tf.KernelFunc,
};

// Our kernels, on wasm and on cpu, against the cpu backend's own kernels (the reference
// implementation of each, run before ours are registered), to 1e-4 of the output's largest
// magnitude, on SAME / VALID / explicit padding,
// strides 1 and 2, odd and even sizes, channel multipliers, and pooling windows with ties.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from '@harmonization/test-support';
import { checkHarmonizationGradients, registerHarmonizationGradients } from '../register-gradients';
import { seededNormals } from '../testing/finite-difference';

interface KernelCase {
  name: string;
  kernel: string;
  inputs: Record<string, { shape: number[]; values: Float32Array }>;
  attrs: Record<string, unknown>;
}

function data(shape: number[], seed: number, levels?: number): { shape: number[]; values: Float32Array } {
  const values = seededNormals(tf.util.sizeFromShape(shape), seed);
  // With `levels`, values are rounded to a few levels and clipped at 0 (relu-like): many ties.
  if (levels != null) for (let i = 0; i < values.length; i++) values[i] = Math.max(0, Math.round((values[i] as number) * levels) / levels);
  return { shape, values };
}

function outSize(inSize: number, k: number, s: number, pad: unknown): number {
  if (pad === 'same') return Math.ceil(inSize / s);
  if (pad === 'valid') return Math.ceil((inSize - k + 1) / s);
  const [a, b] = pad as [number, number];
  return Math.floor((inSize + a + b - k) / s) + 1;
}

const CASES: KernelCase[] = [];
const convGeometries: Array<[string, number[], number, number, unknown]> = [
  ['3×3/1 SAME 8×8', [2, 8, 8, 3], 3, 1, 'same'],
  ['3×3/2 SAME 7×7', [2, 7, 7, 3], 3, 2, 'same'],
  ['3×3/2 SAME 8×8', [1, 8, 8, 4], 3, 2, 'same'],
  ['3×3/1 VALID 7×7', [2, 7, 7, 3], 3, 1, 'valid'],
  ['3×3/2 VALID 9×9', [1, 9, 9, 2], 3, 2, 'valid'],
  ['1×1/2 SAME 7×7', [2, 7, 7, 3], 1, 2, 'same'],
  ['5×5/2 SAME 11×11', [1, 11, 11, 2], 5, 2, 'same'],
  ['7×7/1 SAME 9×9', [1, 9, 9, 2], 7, 1, 'same'],
  ['3×3/2 explicit pads', [1, 8, 7, 2], 3, 2, [1, 2]],
];
convGeometries.forEach(([label, xShape, k, s, pad], g) => {
  const [n, h, w, c] = xShape as [number, number, number, number];
  const oh = outSize(h, k, s, pad);
  const ow = outSize(w, k, s, pad);
  const padAttr = Array.isArray(pad) ? [[0, 0], [pad[0], pad[1]], [pad[0], pad[1]], [0, 0]] : pad;
  const base = { strides: [s, s], pad: padAttr, dilations: [1, 1] };
  CASES.push({
    name: `Conv2DBackpropFilter ${label}`,
    kernel: tf.Conv2DBackpropFilter,
    inputs: { x: data(xShape, 10 + g), dy: data([n, oh, ow, 5], 20 + g) },
    attrs: { ...base, dataFormat: 'NHWC', filterShape: [k, k, c, 5] },
  });
  for (const m of [1, 2]) {
    CASES.push({
      name: `DepthwiseConv2dNativeBackpropInput ×${m} ${label}`,
      kernel: tf.DepthwiseConv2dNativeBackpropInput,
      inputs: { dy: data([n, oh, ow, c * m], 30 + g), filter: data([k, k, c, m], 40 + g) },
      attrs: { ...base, inputShape: xShape },
    });
    CASES.push({
      name: `DepthwiseConv2dNativeBackpropFilter ×${m} ${label}`,
      kernel: tf.DepthwiseConv2dNativeBackpropFilter,
      inputs: { x: data(xShape, 50 + g), dy: data([n, oh, ow, c * m], 60 + g) },
      attrs: { ...base, filterShape: [k, k, c, m] },
    });
  }
});
const poolGeometries: Array<[number[], number, number, 'same' | 'valid']> = [
  [[2, 8, 8, 3], 2, 2, 'valid'],
  [[1, 7, 7, 3], 2, 2, 'valid'],
  [[2, 7, 7, 3], 2, 2, 'same'],
  [[1, 6, 6, 2], 2, 1, 'valid'],
  [[1, 6, 6, 2], 2, 1, 'same'],
  [[1, 7, 7, 2], 3, 1, 'same'],
  [[1, 9, 9, 2], 3, 2, 'same'],
  [[1, 9, 9, 2], 3, 2, 'valid'],
];
poolGeometries.forEach(([xShape, k, s, pad], g) => {
  const [n, h, w, c] = xShape as [number, number, number, number];
  for (const ties of [false, true]) {
    CASES.push({
      name: `MaxPoolGrad ${k}×${k}/${s} ${pad} on ${xShape.join('×')}${ties ? ' with ties' : ''}`,
      kernel: tf.MaxPoolGrad,
      // `output` is computed on each backend from `input` (see below).
      inputs: { dy: data([n, outSize(h, k, s, pad), outSize(w, k, s, pad), c], 70 + g), input: data(xShape, 80 + g, ties ? 2 : undefined) },
      attrs: { filterSize: [k, k], strides: [s, s], pad },
    });
  }
});

/** Runs one case on the current backend; returns the output values and checks for leaks. */
function runCase(c: KernelCase): { shape: number[]; values: Float32Array } {
  const before = tf.memory().numTensors;
  const out = tf.tidy(() => {
    const inputs: tf.NamedTensorMap = {};
    for (const [name, d] of Object.entries(c.inputs)) inputs[name] = tf.tensor(d.values, d.shape, 'float32');
    if (c.kernel === tf.MaxPoolGrad) {
      const a = c.attrs as { filterSize: [number, number]; strides: [number, number]; pad: 'same' | 'valid' };
      inputs.output = tf.maxPool(inputs.input as tf.Tensor4D, a.filterSize, a.strides, a.pad);
    }
    return tf.engine().runKernel<tf.Tensor>(c.kernel, inputs, c.attrs as tf.NamedAttrMap);
  });
  const result = { shape: out.shape, values: out.dataSync() as Float32Array };
  out.dispose();
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

describe('our kernels agree with the cpu backend\'s own', () => {
  it('on cpu and wasm, every case, to 1e-4 of the largest magnitude', async () => {
    await useBackend('cpu');
    // The reference must come from tfjs's own cpu kernels, not ours.
    expect(checkHarmonizationGradients().overridden).toContain('cpu:Conv2DBackpropFilter');
    const reference = CASES.map(runCase);
    registerHarmonizationGradients();
    const oursOnCpu = CASES.map(runCase);
    await useBackend('wasm');
    const oursOnWasm = CASES.map(runCase);
    const results = [...oursOnCpu.map((r, i) => ['cpu', r, i] as const), ...oursOnWasm.map((r, i) => ['wasm', r, i] as const)];
    results.forEach(([backend, got, i]) => {
      const c = CASES[i]!;
      const ref = reference[i]!;
      const label = `${c.name} on ${backend}`;
      expect(got.shape, label).toEqual(ref.shape);
      const scale = ref.values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      let worst = 0;
      for (let j = 0; j < ref.values.length; j++) worst = Math.max(worst, Math.abs((got.values[j] as number) - (ref.values[j] as number)));
      expect(worst / scale, label).toBeLessThanOrEqual(1e-4);
    });
  });
});

// batchNormTraining without any backend kernel (the composed path): it must be exactly what
// tfjs-layers computes (tf.moments + tf.batchNorm), differentiate like PyTorch's training-mode
// F.batch_norm at first and second order (torch float64 reference), and hand back mean and
// variance as constants. The kernel path is tested in @harmonization/accelerator against this.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_BACKENDS, expectAllClose, loadReference, useBackend } from '@harmonization/test-support';
import { registerHarmonizationGradients } from '../register-gradients';
import { batchNormTrainingKernelsRegistered } from '../gradients/batch-norm-training-kernels';
import { batchNormTraining } from './batch-norm-training';

interface RefCase {
  name: string;
  shape: number[];
  epsilon: number;
  x: number[];
  scale: number[];
  offset: number[];
  dy: number[];
  wdx: number[];
  wdscale: number[];
  wdoffset: number[];
  y: number[];
  mean: number[];
  variance: number[];
  dx: number[];
  dscale: number[];
  doffset: number[];
  second_x: number[];
  second_scale: number[];
  second_offset: number[];
  second_dy: number[];
}
const ref = loadReference<{ cases: RefCase[] }>('core_loss_batch_norm_training').cases;

function tensors(r: RefCase) {
  const c = r.shape[r.shape.length - 1]!;
  return {
    x: tf.tensor(r.x, r.shape),
    scale: tf.tensor1d(r.scale),
    offset: tf.tensor1d(r.offset),
    dy: tf.tensor(r.dy, r.shape),
    wdx: tf.tensor(r.wdx, r.shape),
    wdscale: tf.tensor1d(r.wdscale),
    wdoffset: tf.tensor1d(r.wdoffset),
    c,
  };
}

describe.each(TEST_BACKENDS)('batchNormTraining (composed path) on %s', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
    registerHarmonizationGradients();
  });

  it('takes the composed path here (no backend kernel registered)', () => {
    expect(batchNormTrainingKernelsRegistered()).toBe(false);
  });

  it('y, mean and variance are exactly tf.moments + tf.batchNorm (what tfjs-layers computes), and match torch', () => {
    for (const r of ref) {
      const t = tensors(r);
      const [got, want] = tf.tidy(() => {
        const out = batchNormTraining(t.x, t.scale, t.offset, r.epsilon);
        const axes = r.shape.slice(0, -1).map((_, i) => i);
        const m = tf.moments(t.x, axes);
        const y = tf.batchNorm(t.x, m.mean, m.variance, t.offset, t.scale, r.epsilon);
        expect(out.y.shape).toEqual(r.shape);
        expect(out.mean.shape).toEqual([t.c]);
        expect(out.variance.shape).toEqual([t.c]);
        return [[out.y, out.mean, out.variance].map((v) => v.dataSync()), [y, m.mean, m.variance].map((v) => v.dataSync())];
      });
      got.forEach((g, i) => expect(Array.from(g), `${r.name} output ${i}`).toEqual(Array.from(want[i]!)));
      expectAllClose(got[0]!, r.y, 1e-5, `${r.name} y vs torch`);
      expectAllClose(got[1]!, r.mean, 1e-5, `${r.name} mean vs torch`);
      expectAllClose(got[2]!, r.variance, 1e-5, `${r.name} variance vs torch`);
      tf.dispose(Object.values(t).filter((v): v is tf.Tensor => v instanceof tf.Tensor));
    }
  });

  it('first derivatives w.r.t. x, scale, offset match torch (through the batch statistics)', () => {
    for (const r of ref) {
      const t = tensors(r);
      const grads = tf.tidy(() =>
        tf
          .grads((x: tf.Tensor, s: tf.Tensor, o: tf.Tensor) => tf.sum(tf.mul(batchNormTraining(x, s, o, r.epsilon).y, t.dy)))([t.x, t.scale, t.offset])
          .map((g) => g.dataSync()),
      );
      expectAllClose(grads[0]!, r.dx, 1e-4, `${r.name} dx`);
      expectAllClose(grads[1]!, r.dscale, 1e-4, `${r.name} dscale`);
      expectAllClose(grads[2]!, r.doffset, 1e-4, `${r.name} doffset`);
      tf.dispose(Object.values(t).filter((v): v is tf.Tensor => v instanceof tf.Tensor));
    }
  });

  it('second derivatives (gradient of a weighted sum of the first) w.r.t. x, scale, dy match torch', () => {
    for (const r of ref) {
      const t = tensors(r);
      // (No first derivative depends on offset: torch's second_offset is zero and tf.grads
      // refuses an input the result does not depend on, so offset stays a constant here.)
      expect(r.second_offset.every((v) => v === 0)).toBe(true);
      const second = tf.tidy(() =>
        tf
          .grads((x: tf.Tensor, s: tf.Tensor, dy: tf.Tensor) => {
            const [dx, ds, dof] = tf.grads((xx: tf.Tensor, ss: tf.Tensor, oo: tf.Tensor) =>
              tf.sum(tf.mul(batchNormTraining(xx, ss, oo, r.epsilon).y, dy)),
            )([x, s, t.offset]) as [tf.Tensor, tf.Tensor, tf.Tensor];
            return tf.addN([tf.sum(tf.mul(dx, t.wdx)), tf.sum(tf.mul(ds, t.wdscale)), tf.sum(tf.mul(dof, t.wdoffset))]) as tf.Scalar;
          })([t.x, t.scale, t.dy])
          .map((g) => g.dataSync()),
      );
      expectAllClose(second[0]!, r.second_x, 1e-4, `${r.name} d/dx`);
      expectAllClose(second[1]!, r.second_scale, 1e-4, `${r.name} d/dscale`);
      expectAllClose(second[2]!, r.second_dy, 1e-4, `${r.name} d/ddy`);
      tf.dispose(Object.values(t).filter((v): v is tf.Tensor => v instanceof tf.Tensor));
    }
  });

  it('mean and variance are constants of the tape: no gradient flows back through them', () => {
    const r = ref[0]!;
    const t = tensors(r);
    const [viaStats, viaY] = tf.tidy(() => {
      const onlyStats = tf.grad((x: tf.Tensor) => {
        const out = batchNormTraining(x, t.scale, t.offset, r.epsilon);
        return tf.add(tf.mul(tf.sum(out.mean), 0), tf.add(tf.sum(tf.square(out.mean)), tf.sum(out.variance)));
      })(t.x);
      const both = tf.grad((x: tf.Tensor) => {
        const out = batchNormTraining(x, t.scale, t.offset, r.epsilon);
        return tf.add(tf.sum(tf.mul(out.y, t.dy)), tf.add(tf.sum(tf.square(out.mean)), tf.sum(out.variance)));
      })(t.x);
      return [onlyStats.dataSync(), both.dataSync()];
    });
    expect(Array.from(viaStats).every((v) => v === 0)).toBe(true);
    expectAllClose(viaY, r.dx, 1e-4, 'gradient of y·dy + f(mean, variance) is that of y·dy alone');
    tf.dispose(Object.values(t).filter((v): v is tf.Tensor => v instanceof tf.Tensor));
  });

  it('null scale and offset are 1 and 0', () => {
    const r = ref[1]!;
    const t = tensors(r);
    const [a, b] = tf.tidy(() => [
      batchNormTraining(t.x, null, null, r.epsilon).y.dataSync(),
      batchNormTraining(t.x, tf.ones([t.c]), tf.zeros([t.c]), r.epsilon).y.dataSync(),
    ]);
    expect(Array.from(a)).toEqual(Array.from(b));
    tf.dispose(Object.values(t).filter((v): v is tf.Tensor => v instanceof tf.Tensor));
  });

  it('leaks no tensor (forward and double backward)', () => {
    const r = ref[0]!;
    const t = tensors(r);
    const before = tf.memory().numTensors;
    const out = batchNormTraining(t.x, t.scale, t.offset, r.epsilon);
    tf.dispose([out.y, out.mean, out.variance]);
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.square(tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(batchNormTraining(xx, t.scale, null, r.epsilon).y, t.dy)))(x))))(t.x);
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(Object.values(t).filter((v): v is tf.Tensor => v instanceof tf.Tensor));
  });

  it('reports bad arguments in the project voice', () => {
    const x = tf.zeros([2, 3, 4]);
    expect(() => batchNormTraining(tf.zeros([4]), null, null, 1e-3)).toThrow(
      'Error in batchNormTraining: x must have rank ≥ 2 ([..., C]), got rank 1 (shape [4]).',
    );
    expect(() => batchNormTraining(x, tf.zeros([3]), null, 1e-3)).toThrow(
      "Error in batchNormTraining: scale must have shape [4] (x's last dimension), got [3].",
    );
    expect(() => batchNormTraining(x, null, tf.zeros([1, 4]), 1e-3)).toThrow(
      "Error in batchNormTraining: offset must have shape [4] (x's last dimension), got [1,4].",
    );
    expect(() => batchNormTraining(tf.zeros([2, 4], 'int32'), null, null, 1e-3)).toThrow('Error in batchNormTraining: x must be float32, got int32.');
    expect(() => batchNormTraining(x, null, null, -1)).toThrow('Error in batchNormTraining: varianceEpsilon must be a finite number ≥ 0, got -1.');
    tf.disposeVariables();
  });
});

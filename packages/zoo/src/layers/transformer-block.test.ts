import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadReference, TEST_BACKENDS, useBackend } from '@harmonization/test-support';
import { TransformerBlock } from './transformer-block';

interface Arr { shape: number[]; data: number[] }
interface Ref { vit_block: { num_heads: number; mlp_dim: number; x: Arr; y: Arr; y_tanh_gelu: Arr; weights: Array<{ name: string } & Arr> } }

describe.each(TEST_BACKENDS)('%s (TransformerBlock)', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it.each([
    [false, 'y'],
    [true, 'y_tanh_gelu'],
  ] as const)('matches a NumPy transcription of vit_keras TransformerBlock (approximateGelu: %s), weights set by their vit_keras names', (approximateGelu, key) => {
    const ref = loadReference<Ref>('zoo_transformers').vit_block;
    const block = new TransformerBlock({ numHeads: ref.num_heads, mlpDim: ref.mlp_dim, dropout: 0.1, approximateGelu, name: 'Transformer/encoderblock_3' });
    const input = tfl.input({ shape: ref.x.shape.slice(1) });
    const model = tfl.model({ inputs: input, outputs: block.apply(input) as tfl.SymbolicTensor });
    // Same names, same order as the Keras layer lists them.
    expect(block.weights.map((w) => w.originalName)).toEqual(ref.weights.map((w) => `Transformer/encoderblock_3/${w.name}`));
    for (const [i, w] of ref.weights.entries()) block.weights[i]?.write(tf.tensor(w.data, w.shape));
    const y = model.predict(tf.tensor(ref.x.data, ref.x.shape)) as tf.Tensor; // inference: no dropout
    const want = ref[key];
    expect(y.shape).toEqual(want.shape);
    const got = y.dataSync();
    const maxDiff = Math.max(...want.data.map((v, i) => Math.abs(v - (got[i] as number))));
    // The two GELU forms differ by 6e-4 here: the bound tells them apart.
    expect(maxDiff).toBeLessThan(5e-5);
    model.dispose();
  });

  it('applies dropout only when training', () => {
    const block = new TransformerBlock({ numHeads: 2, mlpDim: 8, dropout: 0.5 });
    const x = tf.randomNormal([2, 3, 4]);
    const a = block.apply(x) as tf.Tensor;
    const b = block.apply(x) as tf.Tensor;
    const c = block.apply(x, { training: true }) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBe(0);
    expect(tf.max(tf.abs(tf.sub(a, c))).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([x, a, b, c]);
  });

  it('rejects a hidden size that does not divide into heads', () => {
    const block = new TransformerBlock({ numHeads: 3, mlpDim: 8 });
    expect(() => block.apply(tfl.input({ shape: [4, 8] }))).toThrow('Error in TransformerBlock: hidden size 8 must be divisible by numHeads 3.');
  });
});

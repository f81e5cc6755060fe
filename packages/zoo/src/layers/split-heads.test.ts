import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadReference, TEST_BACKENDS, useBackend } from '@harmonization/test-support';
import { AttentionScores } from './attention-scores';
import { HardSwish } from './hard-swish';
import { MergeHeads } from './merge-heads';
import { MultiHeadPositionalEmbedding } from './multi-head-positional-embedding';
import { MultiHeadRelativePositionalEmbedding } from './multi-head-relative-positional-embedding';
import { SplitHeads } from './split-heads';

interface Arr { shape: number[]; data: number[] }
interface Ref {
  maxvit_attention: { heads: number; x: Arr; qkv_kernel: Arr; qkv_bias: number[]; pos_table: Arr; out_kernel: Arr; out_bias: number[]; y: Arr };
  levit_attention: { heads: number; key_dim: number; attn_ratio: number; x: Arr; qkv_kernel: Arr; pos_bb: Arr; out_kernel: Arr; y: Arr };
}

const t = (a: Arr) => tf.tensor(a.data, a.shape);
const ap = (layer: tfl.layers.Layer, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]) => layer.apply(x) as tfl.SymbolicTensor;
function maxDiff(y: tf.Tensor, want: Arr): number {
  expect(y.shape).toEqual(want.shape);
  const got = y.dataSync();
  return Math.max(...want.data.map((v, i) => Math.abs(v - (got[i] as number))));
}

describe.each(TEST_BACKENDS)('%s (SplitHeads + AttentionScores + MergeHeads)', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it('compose into kecam MaxViT attention (qkv split by channels, relative bias)', () => {
    const ref = loadReference<Ref>('zoo_transformers').maxvit_attention;
    const [, h, w, c] = ref.x.shape as [number, number, number, number];
    const d = c / ref.heads;
    const input = tfl.input({ shape: [h, w, c] });
    const qkvLayer = tfl.layers.conv2d({ filters: 3 * c, kernelSize: 1, name: 'qkv_conv' });
    const qkv = ap(qkvLayer, input);
    const part = (index: number) => ap(new SplitHeads({ numHeads: ref.heads, segments: [d, d, d], index, layout: 'channels' }), qkv);
    const pos = new MultiHeadRelativePositionalEmbedding({ withClsToken: false, attnHeight: h });
    let s = ap(new AttentionScores({ scale: 1 / Math.sqrt(d) }), [part(0), part(1)]);
    s = ap(tfl.layers.softmax({ axis: -1 }), ap(pos, s));
    const outLayer = tfl.layers.dense({ units: c });
    const y = ap(outLayer, ap(new MergeHeads({ outputSpatial: [h, w] }), [s, part(2)]));
    const model = tfl.model({ inputs: input, outputs: y });
    qkvLayer.setWeights([t(ref.qkv_kernel), tf.tensor(ref.qkv_bias)]);
    pos.setWeights([t(ref.pos_table)]);
    outLayer.setWeights([t(ref.out_kernel), tf.tensor(ref.out_bias)]);
    expect(maxDiff(model.predict(t(ref.x)) as tf.Tensor, ref.y)).toBeLessThan(1e-4);
    model.dispose();
  });

  it('compose into kecam LeViT attention (qkv split per head, attention biases, hard-swish)', () => {
    const ref = loadReference<Ref>('zoo_transformers').levit_attention;
    const [, h, w, c] = ref.x.shape as [number, number, number, number];
    const kd = ref.key_dim;
    const segments = [kd, kd, kd * ref.attn_ratio];
    const input = tfl.input({ shape: [h, w, c] });
    const qkvLayer = tfl.layers.dense({ units: ref.heads * (2 + ref.attn_ratio) * kd, useBias: false });
    const qkv = ap(qkvLayer, input);
    const part = (index: number) => ap(new SplitHeads({ numHeads: ref.heads, segments, index, layout: 'heads' }), qkv);
    const pos = new MultiHeadPositionalEmbedding({ queryHeight: h });
    let s = ap(new AttentionScores({ scale: 1 / Math.sqrt(kd) }), [part(0), part(1)]);
    s = ap(tfl.layers.softmax({ axis: -1 }), ap(pos, s));
    const outLayer = tfl.layers.dense({ units: c, useBias: false });
    const y = ap(outLayer, ap(new HardSwish({}), ap(new MergeHeads({ outputSpatial: [h, w] }), [s, part(2)])));
    const model = tfl.model({ inputs: input, outputs: y });
    qkvLayer.setWeights([t(ref.qkv_kernel)]);
    pos.setWeights([t(ref.pos_bb)]);
    outLayer.setWeights([t(ref.out_kernel)]);
    expect(maxDiff(model.predict(t(ref.x)) as tf.Tensor, ref.y)).toBeLessThan(1e-4);
    model.dispose();
  });

  it('rejects a projection whose width does not match heads × segments', () => {
    const layer = new SplitHeads({ numHeads: 2, segments: [4, 4], index: 0, layout: 'channels' });
    expect(() => layer.apply(tfl.input({ shape: [3, 3, 10] }))).toThrow(
      'Error in SplitHeads: input must have 16 channels (2 heads × [4,4]), got 10.',
    );
  });
});

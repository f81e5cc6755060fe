// ResNet family with the Keras-applications layer names. The released harmonized file is named
// `resnet50v2_harmonized.h5` while the original's training code used ResNet50 v1 (SPEC §5.2, §13.14),
// so both layouts exist here and the loader picks the one whose layer names the file holds.
import * as tfl from '@tensorflow/tfjs-layers';
import type { ModelBuildOptions } from './model-options';
import { checkCnnOptions } from './check-cnn-options';
import { batchNormalization } from '../layers/batch-normalization';

type T = tfl.SymbolicTensor;
const BN_EPS = 1.001e-5;

function bn(name: string): tfl.layers.Layer {
  return batchNormalization({ axis: 3, epsilon: BN_EPS, name });
}
function relu(name: string): tfl.layers.Layer {
  return tfl.layers.activation({ activation: 'relu', name });
}
function conv(filters: number, kernelSize: number, name: string, opts: { strides?: number; useBias?: boolean; padding?: 'same' | 'valid' } = {}): tfl.layers.Layer {
  return tfl.layers.conv2d({
    filters,
    kernelSize,
    strides: opts.strides ?? 1,
    padding: opts.padding ?? 'valid',
    useBias: opts.useBias ?? true,
    name,
  });
}
function ap(layer: tfl.layers.Layer, x: T | T[]): T {
  return layer.apply(x) as T;
}

/** Keras `resnet.block1`: bottleneck, post-activation, projection shortcut when asked. */
function block1(x: T, filters: number, stride: number, convShortcut: boolean, name: string): T {
  let shortcut = x;
  if (convShortcut) {
    shortcut = ap(conv(4 * filters, 1, `${name}_0_conv`, { strides: stride }), x);
    shortcut = ap(bn(`${name}_0_bn`), shortcut);
  }
  let y = ap(conv(filters, 1, `${name}_1_conv`, { strides: stride }), x);
  y = ap(relu(`${name}_1_relu`), ap(bn(`${name}_1_bn`), y));
  y = ap(conv(filters, 3, `${name}_2_conv`, { padding: 'same' }), y);
  y = ap(relu(`${name}_2_relu`), ap(bn(`${name}_2_bn`), y));
  y = ap(conv(4 * filters, 1, `${name}_3_conv`), y);
  y = ap(bn(`${name}_3_bn`), y);
  y = ap(tfl.layers.add({ name: `${name}_add` }), [shortcut, y]);
  return ap(relu(`${name}_out`), y);
}

/** Keras `resnet_v2.block2`: bottleneck, pre-activation; stride on the last block of a stack. */
function block2(x: T, filters: number, stride: number, convShortcut: boolean, name: string): T {
  const preact = ap(relu(`${name}_preact_relu`), ap(bn(`${name}_preact_bn`), x));
  let shortcut: T;
  if (convShortcut) shortcut = ap(conv(4 * filters, 1, `${name}_0_conv`, { strides: stride }), preact);
  else if (stride > 1) shortcut = ap(tfl.layers.maxPooling2d({ poolSize: 1, strides: stride, name: `${name}_0_pool` }), x);
  else shortcut = x;
  let y = ap(conv(filters, 1, `${name}_1_conv`, { useBias: false }), preact);
  y = ap(relu(`${name}_1_relu`), ap(bn(`${name}_1_bn`), y));
  y = ap(tfl.layers.zeroPadding2d({ padding: [[1, 1], [1, 1]], name: `${name}_2_pad` }), y);
  y = ap(conv(filters, 3, `${name}_2_conv`, { strides: stride, useBias: false }), y);
  y = ap(relu(`${name}_2_relu`), ap(bn(`${name}_2_bn`), y));
  y = ap(conv(4 * filters, 1, `${name}_3_conv`), y);
  return ap(tfl.layers.add({ name: `${name}_out` }), [shortcut, y]);
}

function stem(input: T): T {
  let x = ap(tfl.layers.zeroPadding2d({ padding: [[3, 3], [3, 3]], name: 'conv1_pad' }), input);
  x = ap(conv(64, 7, 'conv1_conv', { strides: 2 }), x);
  return x;
}
function pool1(x: T): T {
  x = ap(tfl.layers.zeroPadding2d({ padding: [[1, 1], [1, 1]], name: 'pool1_pad' }), x);
  return ap(tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool1_pool' }), x);
}
function head(x: T, numClasses: number): T {
  x = ap(tfl.layers.globalAveragePooling2d({ name: 'avg_pool' }), x);
  return ap(tfl.layers.dense({ units: numClasses, name: 'predictions' }), x);
}

const STAGES: Array<[string, number, number]> = [
  ['conv2', 64, 3],
  ['conv3', 128, 4],
  ['conv4', 256, 6],
  ['conv5', 512, 3],
];

/**
 * ResNet50 v1 (He et al. 2016), Keras-applications (TF 2.x) layout: `conv1_conv`, `conv2_block1_0_conv`,
 * … `predictions` logits. 25,636,712 parameters at 224×224×3 with 1000 classes.
 * Input [batch, h, w, 3] with h, w ≥ 32.
 */
export function buildResNet50(options: ModelBuildOptions): tfl.LayersModel {
  checkCnnOptions(options, 'buildResNet50', 32);
  const input = tfl.input({ shape: options.inputShape, name: 'input_1' });
  let x = stem(input);
  x = ap(relu('conv1_relu'), ap(bn('conv1_bn'), x));
  x = pool1(x);
  STAGES.forEach(([name, filters, blocks], s) => {
    x = block1(x, filters, s === 0 ? 1 : 2, true, `${name}_block1`);
    for (let i = 2; i <= blocks; i++) x = block1(x, filters, 1, false, `${name}_block${i}`);
  });
  return tfl.model({ inputs: input, outputs: head(x, options.numClasses), name: options.name ?? 'resnet50' });
}

/**
 * ResNet50 v2 (pre-activation, He et al. 2016b), Keras-applications layout: `conv2_block1_preact_bn`,
 * …, `post_bn`, `predictions` logits. 25,613,800 parameters at 224×224×3 with 1000 classes.
 * The parameter-free stride-1 max-pool shortcuts, unnamed in Keras, are named `<block>_0_pool` here.
 */
export function buildResNet50V2(options: ModelBuildOptions): tfl.LayersModel {
  checkCnnOptions(options, 'buildResNet50V2', 32);
  const input = tfl.input({ shape: options.inputShape, name: 'input_1' });
  let x = pool1(stem(input));
  STAGES.forEach(([name, filters, blocks], s) => {
    const lastStride = s === STAGES.length - 1 ? 1 : 2;
    x = block2(x, filters, 1, true, `${name}_block1`);
    for (let i = 2; i < blocks; i++) x = block2(x, filters, 1, false, `${name}_block${i}`);
    x = block2(x, filters, lastStride, false, `${name}_block${blocks}`);
  });
  x = ap(relu('post_relu'), ap(bn('post_bn'), x));
  return tfl.model({ inputs: input, outputs: head(x, options.numClasses), name: options.name ?? 'resnet50v2' });
}

/**
 * A CPU-sized residual network for demos and tests: conv3×3 16 + BN + ReLU, then three stages of
 * one basic block each (16, 32 stride 2, 64 stride 2; BN, projection shortcut when the shape
 * changes), global average pool, dense logits. 78,454 parameters at 32×32×3 with 6 classes
 * (the pooled head makes the count independent of the input size).
 */
export function buildTinyResNet(options: ModelBuildOptions): tfl.LayersModel {
  checkCnnOptions(options, 'buildTinyResNet', 4);
  const input = tfl.input({ shape: options.inputShape, name: 'input_1' });
  let x = ap(conv(16, 3, 'conv1_conv', { padding: 'same', useBias: false }), input);
  x = ap(relu('conv1_relu'), ap(bn('conv1_bn'), x));
  let inFilters = 16;
  [16, 32, 64].forEach((filters, s) => {
    const name = `conv${s + 2}_block1`;
    const stride = s === 0 ? 1 : 2;
    let shortcut = x;
    if (stride !== 1 || inFilters !== filters) {
      shortcut = ap(conv(filters, 1, `${name}_0_conv`, { strides: stride, useBias: false }), x);
      shortcut = ap(bn(`${name}_0_bn`), shortcut);
    }
    let y = ap(conv(filters, 3, `${name}_1_conv`, { strides: stride, padding: 'same', useBias: false }), x);
    y = ap(relu(`${name}_1_relu`), ap(bn(`${name}_1_bn`), y));
    y = ap(conv(filters, 3, `${name}_2_conv`, { padding: 'same', useBias: false }), y);
    y = ap(bn(`${name}_2_bn`), y);
    y = ap(tfl.layers.add({ name: `${name}_add` }), [shortcut, y]);
    x = ap(relu(`${name}_out`), y);
    inFilters = filters;
  });
  return tfl.model({ inputs: input, outputs: head(x, options.numClasses), name: options.name ?? 'tiny_resnet' });
}

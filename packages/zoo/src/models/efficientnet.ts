// EfficientNet-B0 with the layer names of qubvel's `efficientnet` Keras package (the library the
// original's `load_EfficientNetB0` used, SPEC §5.2): stem_conv, block1a_dwconv, block2a_expand_conv,
// …_se_reduce, …_project_bn, top_conv, probs. Keras-applications' EfficientNetB0 uses the same names
// for every weight-holding layer except its head (`predictions`) and its input Normalization layer.
import * as tfl from '@tensorflow/tfjs-layers';
import type { ModelBuildOptions } from './model-options';
import { checkCnnOptions } from './check-cnn-options';
import { batchNormalization } from '../layers/batch-normalization';

type T = tfl.SymbolicTensor;

interface BlockArgs {
  kernelSize: number;
  repeats: number;
  inFilters: number;
  outFilters: number;
  expandRatio: number;
  stride: number;
}

/** EfficientNet-B0 stages (width and depth coefficients 1.0), se_ratio 0.25 everywhere. */
const B0_BLOCKS: BlockArgs[] = [
  { kernelSize: 3, repeats: 1, inFilters: 32, outFilters: 16, expandRatio: 1, stride: 1 },
  { kernelSize: 3, repeats: 2, inFilters: 16, outFilters: 24, expandRatio: 6, stride: 2 },
  { kernelSize: 5, repeats: 2, inFilters: 24, outFilters: 40, expandRatio: 6, stride: 2 },
  { kernelSize: 3, repeats: 3, inFilters: 40, outFilters: 80, expandRatio: 6, stride: 2 },
  { kernelSize: 5, repeats: 3, inFilters: 80, outFilters: 112, expandRatio: 6, stride: 1 },
  { kernelSize: 5, repeats: 4, inFilters: 112, outFilters: 192, expandRatio: 6, stride: 2 },
  { kernelSize: 3, repeats: 1, inFilters: 192, outFilters: 320, expandRatio: 6, stride: 1 },
];
const SE_RATIO = 0.25;
const DROP_CONNECT_RATE = 0.2;
const TOP_DROPOUT = 0.2;
// Keras' BatchNormalization defaults, which qubvel's package keeps.
const BN_EPS = 1e-3;

function ap(layer: tfl.layers.Layer, x: T | T[]): T {
  return layer.apply(x) as T;
}
function bn(name: string): tfl.layers.Layer {
  return batchNormalization({ axis: 3, epsilon: BN_EPS, momentum: 0.99, name });
}
function swish(name: string): tfl.layers.Layer {
  return tfl.layers.activation({ activation: 'swish', name });
}

function mbConvBlock(inputs: T, args: BlockArgs, dropRate: number, prefix: string): T {
  const filters = args.inFilters * args.expandRatio;
  let x = inputs;
  if (args.expandRatio !== 1) {
    x = ap(tfl.layers.conv2d({ filters, kernelSize: 1, padding: 'same', useBias: false, name: `${prefix}expand_conv` }), x);
    x = ap(swish(`${prefix}expand_activation`), ap(bn(`${prefix}expand_bn`), x));
  }
  x = ap(
    tfl.layers.depthwiseConv2d({
      kernelSize: args.kernelSize,
      strides: args.stride,
      padding: 'same',
      useBias: false,
      name: `${prefix}dwconv`,
    }),
    x,
  );
  x = ap(swish(`${prefix}activation`), ap(bn(`${prefix}bn`), x));
  // Squeeze-and-excitation, reduced from the block's INPUT width as in the reference code.
  const reduced = Math.max(1, Math.floor(args.inFilters * SE_RATIO));
  let se = ap(tfl.layers.globalAveragePooling2d({ name: `${prefix}se_squeeze` }), x);
  se = ap(tfl.layers.reshape({ targetShape: [1, 1, filters], name: `${prefix}se_reshape` }), se);
  se = ap(tfl.layers.conv2d({ filters: reduced, kernelSize: 1, padding: 'same', activation: 'swish', name: `${prefix}se_reduce` }), se);
  se = ap(tfl.layers.conv2d({ filters, kernelSize: 1, padding: 'same', activation: 'sigmoid', name: `${prefix}se_expand` }), se);
  x = ap(tfl.layers.multiply({ name: `${prefix}se_excite` }), [x, se]);
  x = ap(tfl.layers.conv2d({ filters: args.outFilters, kernelSize: 1, padding: 'same', useBias: false, name: `${prefix}project_conv` }), x);
  x = ap(bn(`${prefix}project_bn`), x);
  if (args.stride === 1 && args.inFilters === args.outFilters) {
    if (dropRate > 0) {
      // Drop-connect: one Bernoulli draw per sample (noise shape [batch, 1, 1, 1]).
      x = ap(tfl.layers.dropout({ rate: dropRate, noiseShape: [null, 1, 1, 1] as unknown as number[], name: `${prefix}drop` }), x);
    }
    x = ap(tfl.layers.add({ name: `${prefix}add` }), [x, inputs]);
  }
  return x;
}

/**
 * EfficientNet-B0 (Tan & Le 2019): swish activations, MBConv blocks with squeeze-and-excitation,
 * drop-connect 0.2, top dropout 0.2, `probs` logits (no softmax). 5,330,564 parameters at
 * 224×224×3 with 1000 classes (of which 42,016 are BatchNorm moving statistics; 5,288,548 trainable).
 * Input [batch, h, w, 3] with h, w ≥ 32.
 */
export function buildEfficientNetB0(options: ModelBuildOptions): tfl.LayersModel {
  checkCnnOptions(options, 'buildEfficientNetB0', 32);
  const input = tfl.input({ shape: options.inputShape, name: 'input_1' });
  let x = ap(tfl.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: 'stem_conv' }), input);
  x = ap(swish('stem_activation'), ap(bn('stem_bn'), x));
  const total = B0_BLOCKS.reduce((n, b) => n + b.repeats, 0);
  let blockNum = 0;
  B0_BLOCKS.forEach((stage, idx) => {
    for (let r = 0; r < stage.repeats; r++) {
      const args = r === 0 ? stage : { ...stage, inFilters: stage.outFilters, stride: 1 };
      const prefix = `block${idx + 1}${String.fromCharCode(97 + r)}_`;
      x = mbConvBlock(x, args, (DROP_CONNECT_RATE * blockNum) / total, prefix);
      blockNum += 1;
    }
  });
  x = ap(tfl.layers.conv2d({ filters: 1280, kernelSize: 1, padding: 'same', useBias: false, name: 'top_conv' }), x);
  x = ap(swish('top_activation'), ap(bn('top_bn'), x));
  x = ap(tfl.layers.globalAveragePooling2d({ name: 'avg_pool' }), x);
  x = ap(tfl.layers.dropout({ rate: TOP_DROPOUT, name: 'top_dropout' }), x);
  const logits = ap(tfl.layers.dense({ units: options.numClasses, name: 'probs' }), x);
  return tfl.model({ inputs: input, outputs: logits, name: options.name ?? 'efficientnet-b0' });
}

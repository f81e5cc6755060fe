// Benchmark architectures built with tfjs-layers (NHWC). The PyTorch peer (step_torch.py) builds
// the same layers, channel counts, strides and paddings.
import * as tfl from '@tensorflow/tfjs-layers';

const NUM_CLASSES = 1000;

/** Layer factories a model uses; `batchNormalization` defaults to tfjs-layers' own. */
const STOCK = { batchNormalization: (args) => tfl.layers.batchNormalization(args) };

function convBnRelu(x, filters, kernel, stride, name, layers, relu = true) {
  let y = tfl.layers
    .conv2d({ filters, kernelSize: kernel, strides: stride, padding: 'same', useBias: false, name: `${name}_conv` })
    .apply(x);
  y = layers.batchNormalization({ name: `${name}_bn` }).apply(y);
  return relu ? tfl.layers.reLU().apply(y) : y;
}

/** VGG-like: 4 blocks of 2×(conv3×3 + ReLU) + maxPool 2×2, channels 32, 64, 128, 128; dense 256; 1000 logits. */
export function vggSmall(size) {
  const input = tfl.input({ shape: [size, size, 3] });
  let x = input;
  [32, 64, 128, 128].forEach((c, b) => {
    for (let i = 0; i < 2; i++) {
      x = tfl.layers.conv2d({ filters: c, kernelSize: 3, padding: 'same', activation: 'relu', name: `b${b}_c${i}` }).apply(x);
    }
    x = tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `b${b}_pool` }).apply(x);
  });
  x = tfl.layers.flatten().apply(x);
  x = tfl.layers.dense({ units: 256, activation: 'relu', name: 'fc1' }).apply(x);
  x = tfl.layers.dense({ units: NUM_CLASSES, name: 'logits' }).apply(x);
  return tfl.model({ inputs: input, outputs: x });
}

function basicBlock(x, filters, stride, name, layers) {
  let y = convBnRelu(x, filters, 3, stride, `${name}_a`, layers);
  y = convBnRelu(y, filters, 3, 1, `${name}_b`, layers, false);
  const inC = x.shape[3];
  const shortcut = stride !== 1 || inC !== filters ? convBnRelu(x, filters, 1, stride, `${name}_proj`, layers, false) : x;
  return tfl.layers.reLU().apply(tfl.layers.add().apply([y, shortcut]));
}

function bottleneck(x, filters, stride, name, layers) {
  let y = convBnRelu(x, filters, 1, 1, `${name}_a`, layers);
  y = convBnRelu(y, filters, 3, stride, `${name}_b`, layers);
  y = convBnRelu(y, filters * 4, 1, 1, `${name}_c`, layers, false);
  const inC = x.shape[3];
  const shortcut = stride !== 1 || inC !== filters * 4 ? convBnRelu(x, filters * 4, 1, stride, `${name}_proj`, layers, false) : x;
  return tfl.layers.reLU().apply(tfl.layers.add().apply([y, shortcut]));
}

function resnet(size, base, blocks, block, layers = STOCK) {
  const input = tfl.input({ shape: [size, size, 3] });
  let x = convBnRelu(input, base, 7, 2, 'stem', layers);
  x = tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'stem_pool' }).apply(x);
  blocks.forEach((n, s) => {
    for (let i = 0; i < n; i++) x = block(x, base * 2 ** s, s > 0 && i === 0 ? 2 : 1, `s${s}_${i}`, layers);
  });
  x = tfl.layers.globalAveragePooling2d({}).apply(x);
  x = tfl.layers.dense({ units: NUM_CLASSES, name: 'logits' }).apply(x);
  return tfl.model({ inputs: input, outputs: x });
}

/** ResNet-18-like: stem 7×7/2 + maxPool 3×3/2, 4 stages × 2 basic blocks, base width 32, BN. */
export const resnetSmall = (size, layers) => resnet(size, 32, [2, 2, 2, 2], basicBlock, layers);
/** ResNet50 (bottleneck 3-4-6-3, base 64, BN). */
export const resnet50 = (size, layers) => resnet(size, 64, [3, 4, 6, 3], bottleneck, layers);

export const MODELS = { vgg_small: vggSmall, resnet_small: resnetSmall, resnet50 };

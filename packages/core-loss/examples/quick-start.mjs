// A runnable example: harmonize a small tfjs-layers CNN on toy data for a few steps and watch the
// saliency move onto the "human" map. Run after `npm run build`:
//   node packages/core-loss/examples/quick-start.mjs
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerHarmonizationGradients, trainStep, saliency } from '@harmonization/core-loss';

await tf.setBackend(process.argv.includes('--cpu') ? 'cpu' : 'wasm');
// After every tfjs import: our second-order gradients replace tfjs's defaults.
registerHarmonizationGradients();

const size = 16;
const classes = 2;
const model = tf.sequential({
  layers: [
    tf.layers.conv2d({ inputShape: [size, size, 3], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }),
    tf.layers.flatten(),
    tf.layers.dense({ units: classes }),
  ],
});

// Toy task: class 0 has a bright blob on the left, class 1 on the right; the "human map" marks it.
function makeBatch(n, seed) {
  return tf.tidy(() => {
    const labelsIdx = Array.from({ length: n }, (_, i) => i % classes);
    const maps = tf.stack(labelsIdx.map((c) => tf.pad(tf.ones([8, 6]), [[4, 4], c === 0 ? [1, 9] : [9, 1]])));
    const images = tf.add(tf.randomNormal([n, size, size, 3], 0, 0.5, 'float32', seed), tf.expandDims(maps, 3));
    return {
      images,
      labels: tf.oneHot(tf.tensor1d(labelsIdx, 'int32'), classes).toFloat(),
      heatmaps: maps,
    };
  });
}

function overlap(batch) {
  // Share of |saliency| that falls inside the human map.
  return tf.tidy(() => {
    const s = tf.abs(saliency(model, batch.images, batch.labels));
    return tf.div(tf.sum(tf.mul(s, batch.heatmaps)), tf.sum(s)).dataSync()[0];
  });
}

const optimizer = tf.train.adam(3e-3);
const test = makeBatch(16, 999);
console.log(`saliency inside the human map before: ${(100 * overlap(test)).toFixed(1)} %`);
for (let step = 1; step <= 40; step++) {
  const batch = makeBatch(8, step);
  const loss = trainStep(model, optimizer, batch, { lambdaHarmonization: 10 });
  tf.dispose(Object.values(batch));
  if (step % 10 === 0) {
    console.log(`step ${step}: total ${loss.total.toFixed(4)}  cross-entropy ${loss.crossEntropy.toFixed(4)}  harmonization ${loss.harmonization.toFixed(5)}`);
  }
}
console.log(`saliency inside the human map after:  ${(100 * overlap(test)).toFixed(1)} %`);
console.log(`tensors alive: ${tf.memory().numTensors}`);

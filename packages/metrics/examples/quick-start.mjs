// Quick start: metrics on two batches of maps, then a (tiny, untrained) model evaluated on a
// ClickMe-style dataset with the default explainer (Xplique's Saliency).
//   npm run build -w @harmonization/metrics && node packages/metrics/examples/quick-start.mjs
import * as tf from '@tensorflow/tfjs'; // registers the CPU backend and the gradients explainers need
import {
  spearman,
  dice,
  iou,
  alignmentScore,
  evaluateClickMe,
  saliency,
} from '@harmonization/metrics';

// 1. Metrics on maps [N,H,W] (tensors or arrays of Float32Array).
const human = tf.randomUniform([4, 56, 56], 0, 1, 'float32', 1);
const model = tf.tidy(() => tf.add(human, tf.randomUniform([4, 56, 56], 0, 0.5, 'float32', 2)));
const rho = spearman(model, human);
console.log('spearman', rho.map((v) => v.toFixed(3)));
console.log('dice@10%', dice(model, human).map((v) => v.toFixed(3)));
console.log('iou@10%', iou(model, human, { percentile: 10 }).map((v) => v.toFixed(3)));
console.log('alignment score', alignmentScore(rho).toFixed(3), alignmentScore(rho, { bootstrap: { seed: 1 } }));

// 2. evaluateClickMe: a model, its preprocessing, and batches {images, heatmaps, labels}.
const classifier = tf.sequential({
  layers: [
    tf.layers.maxPooling2d({ inputShape: [56, 56, 3], poolSize: 8 }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 10 }),
  ],
});
async function* clickMeLike() {
  for (let b = 0; b < 3; b++) {
    yield {
      images: tf.randomUniform([8, 56, 56, 3], 0, 255, 'float32', 10 + b),
      heatmaps: tf.randomUniform([8, 56, 56, 1], 0, 1, 'float32', 20 + b),
      labels: tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10)),
    };
  }
}
const result = await evaluateClickMe(classifier, {
  dataset: clickMeLike(),
  preprocess: (x) => tf.div(x, 255), // REQUIRED: what this model expects its [0, 255] input through
  explainer: saliency, // the default
  onProgress: (p) => console.log(`batch ${p.batches}: ${p.images} images`),
});
console.log('summary', result.summary);
tf.dispose([human, model]);

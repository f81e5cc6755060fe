// A bench-local harmonized step built from tfjs ops (SPEC §7.2), used only when
// @harmonization/core-loss (harmonizedGradients / trainStep) is not built yet.
import * as tf from '@tensorflow/tfjs-core';

const BINOMIAL = [1, 4, 6, 4, 1];

function standardizeCut(maps) {
  const { mean, variance } = tf.moments(maps, [1, 2], true);
  return tf.relu(tf.div(tf.sub(maps, mean), tf.add(tf.sqrt(variance), 1e-5)));
}

const stopGradient = tf.customGrad((x, save) => ({ value: tf.clone(x), gradFunc: () => tf.zerosLike(x) }));

function pyramidalMse(a, b, tokens, levels = 5) {
  const k = tf.tensor4d(BINOMIAL.flatMap((r) => BINOMIAL.map((c) => (r * c) / 256)), [5, 5, 1, 1]);
  let x = tf.expandDims(a, -1);
  let y = tf.expandDims(b, -1);
  const t = tf.reshape(tokens, [-1, 1, 1, 1]);
  let total = tf.scalar(0);
  for (let l = 0; l < levels; l++) {
    total = tf.add(total, tf.mean(tf.mul(tf.square(tf.sub(x, y)), t)));
    x = tf.conv2d(x, k, 2, 'same');
    y = tf.conv2d(y, k, 2, 'same');
  }
  return tf.div(total, levels);
}

function l2(vars) {
  return tf.addN(vars.filter((v) => !/bn|norm/i.test(v.name)).map((v) => tf.div(tf.sum(tf.square(v)), 2)));
}

function crossEntropy(labels, logits) {
  return tf.losses.softmaxCrossEntropy(labels, logits, undefined, 0.1);
}

/** Gradients of CE + 1e-5·L2 + L_harm w.r.t. the model's trainable variables (double backprop). */
export function localHarmonizedGradients(model, batch) {
  const vars = model.trainableWeights.map((w) => w.read());
  let logits;
  const out = tf.tidy(() => {
    const { grads, value } = tf.variableGrads(() => {
      const g = tf.grad((x) => {
        logits = tf.keep(model.apply(x, { training: true }));
        return tf.sum(tf.mul(logits, batch.labels));
      })(batch.images);
      const sa = standardizeCut(tf.mean(g, -1));
      let hm = standardizeCut(batch.heatmaps);
      const saMax = stopGradient(tf.max(sa, [1, 2], true));
      hm = tf.mul(tf.div(hm, tf.add(tf.max(hm, [1, 2], true), 1e-6)), tf.add(saMax, 1e-6));
      const harm = pyramidalMse(sa, hm, batch.tokens);
      return tf.addN([crossEntropy(batch.labels, logits), tf.mul(l2(vars), 1e-5), harm]);
    }, vars);
    value.dispose();
    return vars.map((v) => grads[v.name]);
  });
  logits?.dispose();
  return out;
}

/** Plain step gradients: CE + 1e-5·L2. */
export function localPlainGradients(model, batch) {
  const vars = model.trainableWeights.map((w) => w.read());
  return tf.tidy(() => {
    const { grads, value } = tf.variableGrads(() => {
      const logits = model.apply(batch.images, { training: true });
      return tf.add(crossEntropy(batch.labels, logits), tf.mul(l2(vars), 1e-5));
    }, vars);
    value.dispose();
    return vars.map((v) => grads[v.name]);
  });
}

/** Second-order gradient of MaxPoolGrad (stock tfjs 4.22 has none): gather at the argmax. */
export function registerBenchMaxPoolGradGradient() {
  if (tf.getGradient('MaxPoolGrad')) return false;
  tf.registerGradient({
    kernelName: 'MaxPoolGrad',
    inputsToSave: ['dy', 'input'],
    gradFunc: (ddx, saved, attrs) => {
      const [dy, input] = saved;
      const { filterSize, strides, pad } = attrs;
      return {
        dy: () => {
          const { indexes, result } = tf.maxPoolWithArgmax(input, filterSize, strides, pad, true);
          result.dispose();
          return tf.reshape(tf.gather(tf.reshape(ddx, [-1]), tf.reshape(indexes, [-1])), dy.shape);
        },
        input: () => tf.zerosLike(input),
        output: () => tf.zerosLike(dy),
      };
    },
  });
  return true;
}

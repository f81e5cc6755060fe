import * as tf from '@tensorflow/tfjs-core';

/**
 * Tile(x; reps): one reshape + one sum. `dy` `[r0·d0, r1·d1, …]` → `[r0, d0, r1, d1, …]`,
 * summed over the r axes. Stock tfjs adds one slice per repetition, and BatchNorm's gradient
 * tiles over N·H·W, so a double-backprop step ran tens of thousands of tiny kernels.
 */
export const tileGradConfig: tf.GradConfig = {
  kernelName: tf.Tile,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    const { reps } = attrs as unknown as tf.TileAttrs;
    return {
      x: () => {
        const split: number[] = [];
        const axes: number[] = [];
        x.shape.forEach((d, i) => {
          axes.push(split.length);
          split.push(reps[i] as number, d);
        });
        return tf.reshape(tf.sum(tf.reshape(dy as tf.Tensor, split), axes), x.shape);
      },
    };
  },
};

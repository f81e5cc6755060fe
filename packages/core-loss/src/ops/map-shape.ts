// Maps travel as [N,H,W] or [N,H,W,1]; the ops work on [N,H,W].
import * as tf from '@tensorflow/tfjs-core';
import { assertRank, fail, shapeOf } from '../validate';

/** Accepts [N,H,W] or [N,H,W,1] and returns [N,H,W] (a reshape, no copy). */
export function toMaps3d(fn: string, name: string, maps: tf.Tensor): tf.Tensor3D {
  assertRank(fn, name, maps, [3, 4]);
  if (maps.rank === 4) {
    if (maps.shape[3] !== 1) {
      fail(fn, `${name} must be [N,H,W] or [N,H,W,1], got shape ${shapeOf(maps)}.`);
    }
    return tf.reshape(maps, maps.shape.slice(0, 3) as [number, number, number]) as tf.Tensor3D;
  }
  return maps as tf.Tensor3D;
}

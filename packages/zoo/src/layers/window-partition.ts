// kecam (davit.py) `window_partition` / `grid_window_partition` and their reverses, as layers:
// MaxViT's block attention works inside local windows, its grid attention across a strided grid.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Shape } from '@tensorflow/tfjs-layers/dist/keras_format/common';
import { dim, oneShape, oneTensor } from './inputs';

export interface WindowPartitionArgs extends LayerArgs {
  windowHeight: number;
  windowWidth: number;
  /** false: contiguous windows (block attention); true: strided grid (grid attention). */
  grid: boolean;
}

interface Geometry {
  height: number;
  width: number;
  wh: number;
  ww: number;
  ph: number;
  pw: number;
  padH: number;
  padW: number;
  channels: number;
}

/** kecam `pad_to_divisible_by_window_size`: window clipped to the map, map zero-padded bottom/right. */
function geometry(shape: Shape, windowHeight: number, windowWidth: number, layer: string): Geometry {
  if (shape.length !== 4) {
    throw new Error(`Error in ${layer}: input must be rank 4 [batch, height, width, channels], got shape ${JSON.stringify(shape)}.`);
  }
  const height = dim(shape, 1, layer);
  const width = dim(shape, 2, layer);
  const wh = Math.min(windowHeight, height);
  const ww = Math.min(windowWidth, width);
  const ph = Math.ceil(height / wh);
  const pw = Math.ceil(width / ww);
  return { height, width, wh, ww, ph, pw, padH: ph * wh - height, padW: pw * ww - width, channels: dim(shape, 3, layer) };
}

function checkWindow(args: { windowHeight: number; windowWidth: number }, layer: string): void {
  for (const key of ['windowHeight', 'windowWidth'] as const) {
    if (!Number.isInteger(args[key]) || args[key] < 1) {
      throw new Error(`Error in ${layer}: ${key} must be a positive integer, got ${args[key]}.`);
    }
  }
}

/** `[batch, H, W, C]` → `[batch · windows, windowHeight, windowWidth, C]`. */
export class WindowPartition extends tfl.layers.Layer {
  static className = 'WindowPartition';
  readonly windowHeight: number;
  readonly windowWidth: number;
  readonly grid: boolean;

  constructor(args: WindowPartitionArgs) {
    super(args);
    checkWindow(args, 'WindowPartition');
    this.windowHeight = args.windowHeight;
    this.windowWidth = args.windowWidth;
    this.grid = args.grid === true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const g = geometry(oneShape(inputShape, 'WindowPartition'), this.windowHeight, this.windowWidth, 'WindowPartition');
    return [null, g.wh, g.ww, g.channels];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      let x = oneTensor(inputs, 'WindowPartition');
      const g = geometry(x.shape, this.windowHeight, this.windowWidth, 'WindowPartition');
      if (g.padH > 0 || g.padW > 0) x = tf.pad(x, [[0, 0], [0, g.padH], [0, g.padW], [0, 0]]);
      const { wh, ww, ph, pw, channels: c } = g;
      if (!this.grid) {
        const t = tf.transpose(tf.reshape(x, [-1, wh, pw, ww * c]), [0, 2, 1, 3]);
        return tf.reshape(t, [-1, wh, ww, c]);
      }
      let t = tf.transpose(tf.reshape(x, [-1, wh, ph, ww * pw * c]), [0, 2, 1, 3]);
      t = tf.transpose(tf.reshape(t, [-1, wh * ww, pw, c]), [0, 2, 1, 3]);
      return tf.reshape(t, [-1, wh, ww, c]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), windowHeight: this.windowHeight, windowWidth: this.windowWidth, grid: this.grid };
  }
}

export interface WindowReverseArgs extends WindowPartitionArgs {
  /** Height and width of the map before partitioning (padding is cropped off). */
  height: number;
  width: number;
}

/** Inverse of {@link WindowPartition}: `[batch · windows, wh, ww, C]` → `[batch, height, width, C]`. */
export class WindowReverse extends tfl.layers.Layer {
  static className = 'WindowReverse';
  readonly windowHeight: number;
  readonly windowWidth: number;
  readonly grid: boolean;
  readonly height: number;
  readonly width: number;

  constructor(args: WindowReverseArgs) {
    super(args);
    checkWindow(args, 'WindowReverse');
    for (const key of ['height', 'width'] as const) {
      if (!Number.isInteger(args[key]) || args[key] < 1) {
        throw new Error(`Error in WindowReverse: ${key} must be a positive integer, got ${args[key]}.`);
      }
    }
    this.windowHeight = args.windowHeight;
    this.windowWidth = args.windowWidth;
    this.grid = args.grid === true;
    this.height = args.height;
    this.width = args.width;
  }

  private geometry(channels: number): Geometry {
    return geometry([null, this.height, this.width, channels], this.windowHeight, this.windowWidth, 'WindowReverse');
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = oneShape(inputShape, 'WindowReverse');
    return [null, this.height, this.width, dim(shape, -1, 'WindowReverse')];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs, 'WindowReverse');
      const g = this.geometry(x.shape[3] as number);
      const { wh, ww, ph, pw, channels: c } = g;
      let y: tf.Tensor;
      if (!this.grid) {
        const t = tf.transpose(tf.reshape(x, [-1, pw, wh, ww * c]), [0, 2, 1, 3]);
        y = tf.reshape(t, [-1, ph * wh, pw * ww, c]);
      } else {
        let t = tf.transpose(tf.reshape(x, [-1, pw, wh * ww, c]), [0, 2, 1, 3]);
        t = tf.transpose(tf.reshape(t, [-1, ph, wh, ww * pw * c]), [0, 2, 1, 3]);
        y = tf.reshape(t, [-1, wh * ph, ww * pw, c]);
      }
      if (g.padH > 0 || g.padW > 0) {
        y = tf.slice(y, [0, 0, 0, 0], [-1, this.height, this.width, c]);
      }
      return y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      windowHeight: this.windowHeight,
      windowWidth: this.windowWidth,
      grid: this.grid,
      height: this.height,
      width: this.width,
    };
  }
}

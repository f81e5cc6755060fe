import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { loadReference, TEST_BACKENDS, useBackend } from '@harmonization/test-support';
import { WindowPartition, WindowReverse } from './window-partition';

interface Arr { shape: number[]; data: number[] }
interface Ref { window_partition: Array<{ grid: boolean; window: [number, number]; x: Arr; y: Arr }> }

describe.each(TEST_BACKENDS)('%s (WindowPartition / WindowReverse)', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it.each([false, true])('matches kecam window_partition / grid_window_partition (grid: %s)', (grid) => {
    const ref = loadReference<Ref>('zoo_transformers').window_partition.find((c) => c.grid === grid);
    if (!ref) throw new Error('reference case missing');
    const [wh, ww] = ref.window;
    const y = new WindowPartition({ windowHeight: wh, windowWidth: ww, grid }).apply(tf.tensor(ref.x.data, ref.x.shape)) as tf.Tensor;
    expect(y.shape).toEqual(ref.y.shape);
    expect(Array.from(y.dataSync())).toEqual(ref.y.data.map(Math.fround));
    y.dispose();
  });

  it.each([false, true])('reverse undoes partition, padding included (grid: %s)', (grid) => {
    // 5×7 with 2×3 windows: padded to 6×9, then cropped back.
    const x = tf.randomNormal([2, 5, 7, 3]);
    const parts = new WindowPartition({ windowHeight: 2, windowWidth: 3, grid }).apply(x) as tf.Tensor;
    expect(parts.shape).toEqual([2 * 3 * 3, 2, 3, 3]);
    const back = new WindowReverse({ windowHeight: 2, windowWidth: 3, grid, height: 5, width: 7 }).apply(parts) as tf.Tensor;
    expect(back.shape).toEqual([2, 5, 7, 3]);
    expect(tf.max(tf.abs(tf.sub(back, x))).dataSync()[0]).toBe(0);
    tf.dispose([x, parts, back]);
  });

  it('grid windows gather pixels one patch apart', () => {
    // 4×4 map, 2×2 windows: the first grid window holds pixels (0,0), (0,2), (2,0), (2,2).
    const x = tf.reshape(tf.range(0, 16), [1, 4, 4, 1]);
    const y = new WindowPartition({ windowHeight: 2, windowWidth: 2, grid: true }).apply(x) as tf.Tensor;
    expect(Array.from(y.dataSync()).slice(0, 4)).toEqual([0, 2, 8, 10]);
    tf.dispose([x, y]);
  });
});

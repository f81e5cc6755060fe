import { SeededRandom } from '../random/seeded-random';
import { renderShortcutExample, type ShortcutExample } from './render-shortcut-example';
import { resolveShortcutOptions, SPLIT_STREAM, type ResolvedShortcutOptions, type ShortcutDatasetOptions } from './shortcut-options';

/** The synthetic dataset in memory (lossless: no JPEG). */
export interface ShortcutArrays {
  /** `[count, size, size, 3]`, 0..255 (as ClickMe images). */
  images: Float32Array;
  /** `[count, size, size]`, 0..255, the blurred object mask (max 255 per map). */
  heatmaps: Float32Array;
  /** `[count, size, size]`, 1 on the object. */
  masks: Uint8Array;
  /** `[count]` class index. */
  labels: Int32Array;
  /** `[count]` the class whose hue the patch shows. */
  shortcutLabels: Int32Array;
  /** `[count, 4]` patch box y0, x0, y1, x1 (exclusive). */
  shortcutBoxes: Int32Array;
  size: number;
  classes: number;
  count: number;
}

/** Deterministic stream of examples for resolved options (shared by both forms). */
export function* shortcutExamples(o: ResolvedShortcutOptions): Generator<ShortcutExample> {
  const rng = new SeededRandom(o.seed * 3 + SPLIT_STREAM[o.split]);
  for (let i = 0; i < o.count; i++) {
    const label = rng.int(o.classes);
    yield renderShortcutExample(rng, label, { size: o.size, classes: o.classes, shortcutStrength: o.shortcutStrength });
  }
}

/**
 * The synthetic shortcut ClickMe dataset as typed arrays, for fast in-memory use (the CLI demo).
 * Same examples, same order as the TFRecord form of generateShortcutClickMe before its JPEG
 * compression.
 */
export function generateShortcutClickMeArrays(options: ShortcutDatasetOptions): ShortcutArrays {
  const o = resolveShortcutOptions('generateShortcutClickMeArrays', options);
  const px = o.size * o.size;
  const out: ShortcutArrays = {
    images: new Float32Array(o.count * px * 3),
    heatmaps: new Float32Array(o.count * px),
    masks: new Uint8Array(o.count * px),
    labels: new Int32Array(o.count),
    shortcutLabels: new Int32Array(o.count),
    shortcutBoxes: new Int32Array(o.count * 4),
    size: o.size,
    classes: o.classes,
    count: o.count,
  };
  let i = 0;
  for (const ex of shortcutExamples(o)) {
    for (let k = 0; k < px * 3; k++) out.images[i * px * 3 + k] = ex.image[k]! * 255;
    for (let k = 0; k < px; k++) {
      out.heatmaps[i * px + k] = ex.heatmap[k]! * 255;
      out.masks[i * px + k] = ex.mask[k]!;
    }
    out.labels[i] = ex.label;
    out.shortcutLabels[i] = ex.shortcutLabel;
    out.shortcutBoxes.set(ex.shortcutBox, i * 4);
    i++;
  }
  return out;
}

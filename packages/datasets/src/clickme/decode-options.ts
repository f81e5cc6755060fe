/** Sizes and constants of the ClickMe decode chain (SPEC §2.3). Defaults are the original's. */
export interface ClickMeDecodeOptions {
  /** Output image side (or [height, width]); default 224. */
  imageSize?: number | readonly [number, number];
  /** Output heatmap side; default = imageSize. */
  heatmapSize?: number | readonly [number, number];
  /** Side the heatmap is resized to before blurring; default 64. */
  blurSize?: number | readonly [number, number];
  /** Blur kernel size and sigma (default 10 and 10), or false for no blur (the heatmap is then
   *  resized straight to heatmapSize). */
  blur?: { size: number; sigma: number } | false;
  /** Side the stored JPEGs must decode to (default 256, as the original's reshape demands);
   *  null accepts any size (image and heatmap must still match each other). */
  sourceSize?: number | readonly [number, number] | null;
  /** One-hot depth; labels must be in [0, numClasses). Default 1000. */
  numClasses?: number;
  /** JPEG inverse DCT, as TF's decode_jpeg `dct_method`: 'INTEGER_FAST' (TF's default, so the
   *  original's pixels) or 'INTEGER_ACCURATE'. Honoured by the native decoder; the sharp
   *  fallback always decodes INTEGER_ACCURATE (pixels then differ by a few levels at most). */
  dctMethod?: DctMethod;
}

export type DctMethod = 'INTEGER_FAST' | 'INTEGER_ACCURATE';

export interface ResolvedDecodeOptions {
  imageSize: [number, number];
  heatmapSize: [number, number];
  blurSize: [number, number];
  blur: { size: number; sigma: number } | false;
  sourceSize: [number, number] | null;
  numClasses: number;
  dctMethod: DctMethod;
}

function pair(fn: string, name: string, v: number | readonly [number, number]): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!Array.isArray(v) && typeof v !== 'number') {
    throw new Error(`Error in ${fn}: ${name} must be a positive integer or [height, width], got ${JSON.stringify(v)}.`);
  }
  if (!p.every((x) => Number.isInteger(x) && x > 0)) {
    throw new Error(`Error in ${fn}: ${name} must be a positive integer or [height, width], got ${JSON.stringify(v)}.`);
  }
  return p;
}

export function resolveDecodeOptions(fn: string, o: ClickMeDecodeOptions = {}): ResolvedDecodeOptions {
  const imageSize = pair(fn, 'imageSize', o.imageSize ?? 224);
  const heatmapSize = o.heatmapSize === undefined ? imageSize : pair(fn, 'heatmapSize', o.heatmapSize);
  const blurSize = pair(fn, 'blurSize', o.blurSize ?? 64);
  const sourceSize = o.sourceSize === null ? null : pair(fn, 'sourceSize', o.sourceSize ?? 256);
  const numClasses = o.numClasses ?? 1000;
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new Error(`Error in ${fn}: numClasses must be a positive integer, got ${numClasses}.`);
  }
  const blur = o.blur === undefined ? { size: 10, sigma: 10 } : o.blur;
  if (blur !== false && (!Number.isInteger(blur.size) || blur.size < 1 || !(blur.sigma > 0))) {
    throw new Error(`Error in ${fn}: blur must be false or {size: positive integer, sigma > 0}, got ${JSON.stringify(blur)}.`);
  }
  const dctMethod = o.dctMethod ?? 'INTEGER_FAST';
  if (dctMethod !== 'INTEGER_FAST' && dctMethod !== 'INTEGER_ACCURATE') {
    throw new Error(`Error in ${fn}: dctMethod must be 'INTEGER_FAST' or 'INTEGER_ACCURATE', got ${JSON.stringify(dctMethod)}.`);
  }
  return { imageSize, heatmapSize, blurSize, blur, sourceSize, numClasses, dctMethod };
}

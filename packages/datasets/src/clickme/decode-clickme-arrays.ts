// The ClickMe per-example decode chain (SPEC §2.3) on typed arrays; decodeClickMe wraps it in
// tensors and the loader batches it without per-example tensors.
import sharp from 'sharp';
import { parseExample } from '../example/parse-example';
import { blurHeatmapGaussian } from './blur-heatmap';
import { resolveDecodeOptions, type ClickMeDecodeOptions, type DctMethod, type ResolvedDecodeOptions } from './decode-options';
import { nativeDecoder, type NativeDecoder } from './native-decoder';
import { resizeBilinear } from './resize-bilinear';

/** One decoded example: image `[h, w, 3]` in 0..255, heatmap `[h', w', 1]` ≥ 0, label index. */
export interface ClickMeExampleArrays {
  image: Float32Array;
  heatmap: Float32Array;
  label: number;
}

interface RawImage {
  data: Uint8Array;
  height: number;
  width: number;
  channels: number;
}

/** Number of colour components in a baseline/progressive JPEG's SOF header, or null. */
export function jpegComponents(bytes: Uint8Array): number | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    const len = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    // SOF0..SOF15 except DHT (c4), JPG (c8), DAC (cc)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return bytes[i + 9]!;
    if (marker === 0xda) return null; // start of scan before any SOF
    i += 2 + len;
  }
  return null;
}

/**
 * Decodes a JPEG (or PNG) to raw 8-bit pixels keeping the file's channel count as TF's
 * decode_jpeg(channels=0) does (1 for grayscale, 3 for colour): no EXIF rotation, no ICC
 * conversion. Grayscale and colour JPEGs go through the native decoder when it is built (TF's
 * settings, `dctMethod` honoured); anything else, or no native build, through sharp
 * (INTEGER_ACCURATE).
 */
export async function decodeImageRaw(bytes: Uint8Array, dctMethod: DctMethod = 'INTEGER_FAST'): Promise<RawImage> {
  const jpeg = jpegComponents(bytes);
  const native = jpeg === 1 || jpeg === 3 ? nativeDecoder() : null;
  if (native) return native.decodeJpeg(bytes, dctMethod === 'INTEGER_FAST');
  const components = jpeg ?? (await sharp(bytes).metadata()).channels;
  const { data, info } = await sharp(bytes, { ignoreIcc: true, failOn: 'error' })
    .toColourspace(components === 1 ? 'b-w' : 'srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), height: info.height, width: info.width, channels: info.channels };
}

/** Where to write the chain's outputs (e.g. the example's slot of a batch, see BatchArena);
 *  arrays of the wrong size are ignored and fresh ones returned. */
export interface ChainOutputs {
  image?: Float32Array;
  heatmap?: Float32Array;
}

/** Runs the chain on already-decoded pixels (exported for workers and tests). */
export function clickMeChain(
  image: RawImage,
  heatmap: RawImage,
  label: number,
  o: ResolvedDecodeOptions,
  fn = 'decodeClickMe',
  into: ChainOutputs = {},
): ClickMeExampleArrays {
  if (image.channels !== 3) {
    throw new Error(`Error in ${fn}: image must decode to 3 channels, got ${image.height}×${image.width}×${image.channels}.`);
  }
  if (heatmap.channels !== 1) {
    throw new Error(`Error in ${fn}: heatmap must decode to 1 channel (grayscale), got ${heatmap.height}×${heatmap.width}×${heatmap.channels}.`);
  }
  if (o.sourceSize) {
    const [sh, sw] = o.sourceSize;
    for (const [name, im] of [['image', image], ['heatmap', heatmap]] as const) {
      if (im.height !== sh || im.width !== sw) {
        throw new Error(`Error in ${fn}: ${name} must decode to ${sh}×${sw}, got ${im.height}×${im.width}×${im.channels} (set sourceSize to accept other sizes).`);
      }
    }
  }
  if (!Number.isInteger(label) || label < 0 || label >= o.numClasses) {
    throw new Error(`Error in ${fn}: label must be an integer in [0, ${o.numClasses}), got ${label}.`);
  }
  const k = chainKernels(nativeDecoder());
  const [ih, iw] = o.imageSize;
  const img = k.resize(image.data, image.height, image.width, 3, ih, iw, into.image);
  const [hh, hw] = o.heatmapSize;
  let hm: Float32Array;
  if (o.blur) {
    const [bh, bw] = o.blurSize;
    const small = k.resize(heatmap.data, heatmap.height, heatmap.width, 1, bh, bw);
    const blurred = k.blur(small, bh, bw, o.blur.size, o.blur.sigma);
    hm = k.resize(blurred, bh, bw, 1, hh, hw, into.heatmap);
  } else {
    hm = k.resize(heatmap.data, heatmap.height, heatmap.width, 1, hh, hw, into.heatmap);
  }
  return { image: img, heatmap: hm, label };
}

interface ChainKernels {
  resize(src: ArrayLike<number>, h: number, w: number, c: number, oh: number, ow: number, out?: Float32Array): Float32Array;
  blur(src: Float32Array, h: number, w: number, size: number, sigma: number): Float32Array;
}

const TS_KERNELS: ChainKernels = {
  resize(src, h, w, c, oh, ow, out) {
    const r = resizeBilinear(src, h, w, c, oh, ow);
    if (out?.length !== r.length) return r;
    out.set(r);
    return out;
  },
  blur: blurHeatmapGaussian,
};

let nativeKernels: ChainKernels | undefined;

/** The resize and blur of the chain: C when the native decoder is built (same numbers as the
 *  TypeScript ones, which the tests check), TypeScript otherwise. */
function chainKernels(native: NativeDecoder | null): ChainKernels {
  if (!native) return TS_KERNELS;
  return (nativeKernels ??= {
    resize(src, h, w, c, oh, ow, out) {
      // .npz pixels may come as other typed arrays; the C kernel takes uint8 and float32.
      if (!(src instanceof Uint8Array || src instanceof Float32Array)) return TS_KERNELS.resize(src, h, w, c, oh, ow, out);
      const dst = out?.length === oh * ow * c ? out : new Float32Array(oh * ow * c);
      native.resizeBilinear(src, h, w, c, dst, oh, ow);
      return dst;
    },
    blur(src, h, w, size, sigma) {
      const out = new Float32Array(h * w);
      native.blurGaussian(src, h, w, size, sigma, out);
      return out;
    },
  });
}

/** Pulls `image`, `heatmap` and `label` out of a ClickMe tf.train.Example. */
export function clickMeFeatures(recordBytes: Uint8Array, fn = 'decodeClickMe'): { image: Uint8Array; heatmap: Uint8Array; label: number } {
  const ex = parseExample(recordBytes);
  const bytes = (key: string): Uint8Array => {
    const v = ex[key]?.bytesList;
    if (!v || v.length !== 1) {
      throw new Error(`Error in ${fn}: record must have a '${key}' bytes feature holding one JPEG, got ${describeFeature(ex[key])}.`);
    }
    return v[0]!;
  };
  const labels = ex.label?.int64List;
  if (!labels || labels.length !== 1) {
    throw new Error(`Error in ${fn}: record must have a 'label' int64 feature holding one value, got ${describeFeature(ex.label)}.`);
  }
  return { image: bytes('image'), heatmap: bytes('heatmap'), label: Number(labels[0]!) };
}

function describeFeature(f: { bytesList?: unknown[]; int64List?: unknown[]; floatList?: unknown[] } | undefined): string {
  if (!f) return 'no such feature';
  if (f.bytesList) return `a bytes list of ${f.bytesList.length}`;
  if (f.int64List) return `an int64 list of ${f.int64List.length}`;
  if (f.floatList) return `a float list of ${f.floatList.length}`;
  return 'an empty feature';
}

/** Decodes one serialized ClickMe Example to typed arrays (the loader's path), into `into`'s
 *  arrays when they have the right sizes. */
export async function decodeClickMeArrays(
  recordBytes: Uint8Array,
  options: ClickMeDecodeOptions = {},
  into: ChainOutputs = {},
): Promise<ClickMeExampleArrays> {
  const o = resolveDecodeOptions('decodeClickMe', options);
  const f = clickMeFeatures(recordBytes);
  // Both decode concurrently; when both fail, the image's error is the one reported (a stable message).
  const [imageResult, heatmapResult] = await Promise.allSettled([decodeJpeg(f.image, 'image', o.dctMethod), decodeJpeg(f.heatmap, 'heatmap', o.dctMethod)]);
  if (imageResult.status === 'rejected') throw imageResult.reason;
  if (heatmapResult.status === 'rejected') throw heatmapResult.reason;
  const [image, heatmap] = [imageResult.value, heatmapResult.value];
  return clickMeChain(image, heatmap, f.label, o, 'decodeClickMe', into);
}

async function decodeJpeg(bytes: Uint8Array, name: string, dctMethod: DctMethod): Promise<RawImage> {
  try {
    return await decodeImageRaw(bytes, dctMethod);
  } catch (err) {
    throw new Error(`Error in decodeClickMe: ${name} must be a decodable JPEG, got ${bytes.length} bytes that fail (${(err as Error).message.trim()}).`);
  }
}

// Images and maps from plain folders (PNG/JPEG/…), decoded and resized with sharp.
import { readdirSync } from 'node:fs';
import { extname, join, parse } from 'node:path';
import sharp from 'sharp';
import { CliError } from './cli-error';

const IMAGE_EXT = new Set(['.jpg', '.jpeg', '.png', '.webp', '.bmp', '.tif', '.tiff', '.gif']);

export function listImages(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new CliError(`${dir} is not a readable folder.`);
  }
  const files = names.filter((f) => IMAGE_EXT.has(extname(f).toLowerCase())).sort();
  if (files.length === 0) throw new CliError(`${dir} holds no images (.jpg, .png, .webp, …).`);
  return files.map((f) => join(dir, f));
}

/** Pairs each image with the map of the same base name in `mapsDir`. */
export function pairImagesWithMaps(imagesDir: string, mapsDir: string): Array<{ image: string; map: string }> {
  const maps = new Map(listImages(mapsDir).map((m) => [parse(m).name, m]));
  const pairs = listImages(imagesDir).map((image) => ({ image, map: maps.get(parse(image).name) ?? '' }));
  const missing = pairs.filter((p) => !p.map);
  if (missing.length > 0) throw new CliError(`${missing.length} image(s) in ${imagesDir} have no map of the same name in ${mapsDir}, e.g. ${parse(missing[0]!.image).base}.`);
  return pairs;
}

/** RGB pixels `[size·size·3]` in [0,255], resized (bilinear, stretched) to size×size. */
export async function readRgb(path: string, size: number): Promise<Float32Array> {
  try {
    const { data } = await sharp(path).removeAlpha().toColourspace('srgb').resize(size, size, { fit: 'fill', kernel: 'linear' }).raw().toBuffer({ resolveWithObject: true });
    return Float32Array.from(data);
  } catch (error) {
    throw new CliError(`${path} could not be decoded as an image: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** One-channel map `[size·size]` in [0,255]. */
export async function readGray(path: string, size: number): Promise<Float32Array> {
  try {
    const { data } = await sharp(path).removeAlpha().greyscale().resize(size, size, { fit: 'fill', kernel: 'linear' }).raw().toBuffer({ resolveWithObject: true });
    return Float32Array.from(data);
  } catch (error) {
    throw new CliError(`${path} could not be decoded as a map: ${(error as Error).message.split('\n')[0]}`);
  }
}

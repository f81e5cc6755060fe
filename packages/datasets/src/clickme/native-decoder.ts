// The optional native decode path (native/: libjpeg-turbo configured as TF's decode_jpeg, and the
// resize/blur arithmetic in C). Loaded once per thread; never throws: when it is missing or
// broken the reason is kept and decoding goes through sharp and the TypeScript chain.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface NativeDecoder {
  decodeJpeg(bytes: Uint8Array, fastDct: boolean): { data: Uint8Array; height: number; width: number; channels: number };
  resizeBilinear(src: Uint8Array | Float32Array, height: number, width: number, channels: number, out: Float32Array, outHeight: number, outWidth: number): void;
  blurGaussian(src: Float32Array, height: number, width: number, size: number, sigma: number, out: Float32Array): void;
}

export type NativeDecoderStatus = { native: true; path: string } | { native: false; reason: string };

const BINARY = path.join('native', 'build', 'Release', 'harmonization_datasets.node');
let loaded: { addon: NativeDecoder | null; status: NativeDecoderStatus } | undefined;

/** This package's root: the nearest folder above this file whose package.json is ours
 *  (src/clickme/ in tests, dist/ when bundled). */
function packageRoot(): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === '@harmonization/datasets') return dir;
    dir = path.dirname(dir);
  }
  return null;
}

function load(): { addon: NativeDecoder | null; status: NativeDecoderStatus } {
  if (process.env.HARMONIZATION_DATASETS_NATIVE === '0') {
    return { addon: null, status: { native: false, reason: 'disabled by HARMONIZATION_DATASETS_NATIVE=0' } };
  }
  const root = packageRoot();
  const file = process.env.HARMONIZATION_DATASETS_BINARY ?? (root ? path.join(root, BINARY) : null);
  if (!file || !existsSync(file)) {
    return {
      addon: null,
      status: {
        native: false,
        reason: `native decoder not built (${file ?? BINARY} missing); run: apt-get install -y libjpeg62-turbo-dev && npm run build:native -w @harmonization/datasets`,
      },
    };
  }
  try {
    const addon = createRequire(import.meta.url)(file) as NativeDecoder;
    return { addon, status: { native: true, path: file } };
  } catch (e) {
    return { addon: null, status: { native: false, reason: `native decoder failed to load: ${(e as Error).message.split('\n')[0]}` } };
  }
}

/** The native decoder, or null (see nativeDecoderStatus for why). */
export function nativeDecoder(): NativeDecoder | null {
  loaded ??= load();
  return loaded.addon;
}

/** Whether JPEGs decode natively (libjpeg-turbo with TF's settings) or through sharp, and why. */
export function nativeDecoderStatus(): NativeDecoderStatus {
  loaded ??= load();
  return loaded.status;
}

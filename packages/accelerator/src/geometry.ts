// The 15 integers the native kernels read, from tfjs' own conv / pool geometry.
import type { backend_util } from '@tensorflow/tfjs-core';

/** [n,h,w,c, oh,ow,oc, kh,kw, sh,sw, dh,dw, padTop,padLeft] (NHWC). */
export function convGeometry(info: backend_util.Conv2DInfo): Int32Array {
  return Int32Array.from([
    info.batchSize, info.inHeight, info.inWidth, info.inChannels,
    info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth,
    info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    info.padInfo.top, info.padInfo.left,
  ]);
}

/** True when the geometry is one the native kernels implement (NHWC, non-empty). */
export function nativeConvGeometry(info: backend_util.Conv2DInfo): boolean {
  return (
    info.dataFormat === 'channelsLast' &&
    info.batchSize > 0 && info.inHeight > 0 && info.inWidth > 0 && info.inChannels > 0 &&
    info.outHeight > 0 && info.outWidth > 0 && info.outChannels > 0
  );
}

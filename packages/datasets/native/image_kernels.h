// The ClickMe decode chain's arithmetic on raw pixels, computed exactly as the TypeScript
// versions in src/clickme (resize-bilinear.ts, blur-heatmap.ts) compute it (the resize in float32
// as TF, the blur accumulated in double), so both paths give identical numbers.
#ifndef HDS_IMAGE_KERNELS_H
#define HDS_IMAGE_KERNELS_H

#include <stdint.h>

// TF2 bilinear resize (half-pixel centres, no antialias) of an HWC image to [out_h, out_w, c].
// Return -1 when scratch memory is not available.
int hds_resize_bilinear_u8(const uint8_t* in, int h, int w, int c, float* out, int out_h, int out_w);
int hds_resize_bilinear_f32(const float* in, int h, int w, int c, float* out, int out_h, int out_w);
// ClickMe's size×size Gaussian (even sizes off-centre) as TF SAME conv, in two 1-D passes.
// Returns -1 when scratch memory is not available.
int hds_blur_gaussian(const float* in, int h, int w, int size, double sigma, float* out);

#endif

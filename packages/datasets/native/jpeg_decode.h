// JPEG → 8-bit pixels with libjpeg(-turbo), configured as TensorFlow's decode_jpeg configures it
// (tensorflow/core/lib/jpeg/jpeg_mem.cc): the file's own channel count (1 → grayscale, 3 → RGB),
// fancy upsampling on, and the DCT method TF chooses (INTEGER_FAST unless asked otherwise).
#ifndef HDS_JPEG_DECODE_H
#define HDS_JPEG_DECODE_H

#include <stddef.h>
#include <stdint.h>

typedef struct hds_jpeg hds_jpeg;

// Reads the header. Returns NULL and writes a message into err on failure.
hds_jpeg* hds_jpeg_open(const uint8_t* data, size_t length, int fast_dct, char* err, size_t err_len);
void hds_jpeg_size(const hds_jpeg* j, int* height, int* width, int* channels);
// Decodes every scanline into out (height·width·channels bytes). Returns 0, or -1 with err set.
int hds_jpeg_read(hds_jpeg* j, uint8_t* out, char* err, size_t err_len);
void hds_jpeg_close(hds_jpeg* j);

#endif

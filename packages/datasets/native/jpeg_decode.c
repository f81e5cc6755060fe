// libjpeg reports errors by longjmp out of the library; this file is C so that nothing with a
// destructor is ever jumped over.
#include "jpeg_decode.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

struct hds_jpeg {
  struct jpeg_decompress_struct cinfo;
  struct jpeg_error_mgr mgr;
  jmp_buf escape;
  char message[JMSG_LENGTH_MAX];
  int started;
};

static void on_error(j_common_ptr cinfo) {
  hds_jpeg* j = (hds_jpeg*)cinfo->client_data;
  (*cinfo->err->format_message)(cinfo, j->message);
  longjmp(j->escape, 1);
}

// Warnings are silent as in TF, except running out of data: libjpeg would pad the image with
// grey and carry on, TF (try_recover_truncated_jpeg = false) refuses a truncated file.
static void on_message(j_common_ptr cinfo, int level) {
  if (level == -1 && cinfo->err->msg_code == JWRN_JPEG_EOF) {
    hds_jpeg* j = (hds_jpeg*)cinfo->client_data;
    snprintf(j->message, sizeof j->message, "truncated JPEG: the data ends before the image does");
    longjmp(j->escape, 1);
  }
}

static void copy_message(const hds_jpeg* j, char* err, size_t err_len) {
  if (err_len) snprintf(err, err_len, "%s", j->message);
}

// Everything that may longjmp back lives in this function, which changes no local after setjmp.
static int read_header(hds_jpeg* j, const uint8_t* data, size_t length, int fast_dct, char* err, size_t err_len) {
  if (setjmp(j->escape)) {
    copy_message(j, err, err_len);
    return -1;
  }
  jpeg_create_decompress(&j->cinfo);
  j->started = 1;
  jpeg_mem_src(&j->cinfo, (unsigned char*)data, (unsigned long)length);
  jpeg_read_header(&j->cinfo, TRUE);
  switch (j->cinfo.num_components) {
    case 1:
      j->cinfo.out_color_space = JCS_GRAYSCALE;
      break;
    case 3:
      j->cinfo.out_color_space = JCS_RGB;
      break;
    default:
      snprintf(err, err_len, "%d colour components (only 1 and 3 are decoded natively)", j->cinfo.num_components);
      return -1;
  }
  j->cinfo.dct_method = fast_dct ? JDCT_IFAST : JDCT_ISLOW;
  j->cinfo.do_fancy_upsampling = TRUE;
  j->cinfo.scale_num = 1;
  j->cinfo.scale_denom = 1;
  jpeg_calc_output_dimensions(&j->cinfo);
  return 0;
}

hds_jpeg* hds_jpeg_open(const uint8_t* data, size_t length, int fast_dct, char* err, size_t err_len) {
  hds_jpeg* j = (hds_jpeg*)calloc(1, sizeof(hds_jpeg));
  if (!j) {
    snprintf(err, err_len, "out of memory");
    return NULL;
  }
  j->cinfo.err = jpeg_std_error(&j->mgr);
  j->mgr.error_exit = on_error;
  j->mgr.emit_message = on_message;
  j->cinfo.client_data = j;
  if (read_header(j, data, length, fast_dct, err, err_len) != 0) {
    hds_jpeg_close(j);
    return NULL;
  }
  return j;
}

void hds_jpeg_size(const hds_jpeg* j, int* height, int* width, int* channels) {
  *height = (int)j->cinfo.output_height;
  *width = (int)j->cinfo.output_width;
  *channels = j->cinfo.output_components;
}

int hds_jpeg_read(hds_jpeg* j, uint8_t* out, char* err, size_t err_len) {
  if (setjmp(j->escape)) {
    copy_message(j, err, err_len);
    return -1;
  }
  jpeg_start_decompress(&j->cinfo);
  const size_t stride = (size_t)j->cinfo.output_width * (size_t)j->cinfo.output_components;
  while (j->cinfo.output_scanline < j->cinfo.output_height) {
    JSAMPROW row = out + (size_t)j->cinfo.output_scanline * stride;
    jpeg_read_scanlines(&j->cinfo, &row, 1);
  }
  jpeg_finish_decompress(&j->cinfo);
  return 0;
}

void hds_jpeg_close(hds_jpeg* j) {
  if (!j) return;
  if (j->started) jpeg_destroy_decompress(&j->cinfo);
  free(j);
}

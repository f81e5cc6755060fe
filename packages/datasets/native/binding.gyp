{
  "targets": [
    {
      "target_name": "harmonization_datasets",
      "sources": ["addon.c", "jpeg_decode.c", "image_kernels.c"],
      "libraries": ["-ljpeg", "-lm"],
      "cflags_c": ["-std=gnu11", "-O3", "-ffp-contract=off"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}

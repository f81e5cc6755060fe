{
  "targets": [
    {
      "target_name": "harmonization_accelerator",
      "sources": [
        "addon.cc",
        "threads.cc",
        "conv2d.cc",
        "depthwise.cc",
        "pool.cc",
        "matmul.cc",
        "elementwise.cc",
        "copy.cc"
      ],
      "include_dirs": ["/usr/include/x86_64-linux-gnu/openblas-pthread"],
      "libraries": ["-lopenblas", "-lpthread"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-O3", "-fexceptions"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}

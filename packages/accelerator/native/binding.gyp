{
  "variables": {
    "with_dnnl%": "<!(test -f /usr/include/dnnl.hpp && test \"$HARMONIZATION_ACCELERATOR_ONEDNN\" != 0 && echo 1 || echo 0)"
  },
  "targets": [
    {
      "target_name": "harmonization_accelerator",
      "sources": [
        "addon.cc",
        "threads.cc",
        "conv2d.cc",
        "conv2d_dnnl.cc",
        "depthwise.cc",
        "pool.cc",
        "matmul.cc",
        "elementwise.cc",
        "batch_norm.cc",
        "batch_norm_grad.cc",
        "batch_norm_training.cc",
        "copy.cc"
      ],
      "include_dirs": ["/usr/include/x86_64-linux-gnu/openblas-pthread"],
      "libraries": ["-lopenblas", "-lpthread"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-O3", "-fexceptions"],
      "defines": ["NAPI_VERSION=8"],
      "conditions": [
        ["with_dnnl==1", {
          "defines": ["HACC_WITH_DNNL"],
          "libraries": ["-ldnnl", "-fopenmp"],
          "cflags_cc": ["-fopenmp"]
        }]
      ]
    }
  ]
}

// Slice, constant Pad and Tile as row copies (4-byte elements: float32 or int32). The stock cpu
// kernels walk non-contiguous cases element by element through index arithmetic in JS.
#include <cstdint>
#include <cstring>
#include <vector>

#include "kernels.h"
#include "parallel.h"

namespace hacc {
namespace {

constexpr std::size_t kMinRowsPerThread = 64;

std::vector<std::size_t> strides_of(const int* shape, int rank) {
  std::vector<std::size_t> s(rank, 1);
  for (int d = rank - 2; d >= 0; --d) s[d] = s[d + 1] * static_cast<std::size_t>(shape[d + 1]);
  return s;
}

}  // namespace

void slice32(const uint32_t* x, const int* x_shape, const int* begin, uint32_t* out, const int* out_shape,
             int rank) {
  if (rank == 0) {
    out[0] = x[0];
    return;
  }
  const auto xs = strides_of(x_shape, rank);
  // Dims after `last` are taken whole: one row copies out_shape[last] of them at once.
  int last = rank - 1;
  while (last > 0 && out_shape[last] == x_shape[last]) --last;
  const std::size_t run = static_cast<std::size_t>(out_shape[last]) * xs[last];
  const std::size_t run_offset = static_cast<std::size_t>(begin[last]) * xs[last];
  std::size_t rows = 1;
  for (int d = 0; d < last; ++d) rows *= out_shape[d];
  parallel_for(rows, kMinRowsPerThread, [&](std::size_t b, std::size_t e) {
    for (std::size_t r = b; r < e; ++r) {
      std::size_t rem = r, src = run_offset;
      for (int d = last - 1; d >= 0; --d) {
        const std::size_t i = rem % out_shape[d];
        rem /= out_shape[d];
        src += (begin[d] + i) * xs[d];
      }
      std::memcpy(out + r * run, x + src, sizeof(uint32_t) * run);
    }
  });
}

void pad32(const uint32_t* x, const int* x_shape, uint32_t* out, const int* out_shape, const int* before, int rank,
           uint32_t value) {
  std::size_t total = 1;
  for (int d = 0; d < rank; ++d) total *= out_shape[d];
  parallel_for(total, 1 << 15, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) out[i] = value;
  });
  if (rank == 0) {
    out[0] = x[0];
    return;
  }
  const auto os = strides_of(out_shape, rank);
  const std::size_t run = x_shape[rank - 1];
  std::size_t rows = 1;
  for (int d = 0; d < rank - 1; ++d) rows *= x_shape[d];
  parallel_for(rows, kMinRowsPerThread, [&](std::size_t b, std::size_t e) {
    for (std::size_t r = b; r < e; ++r) {
      std::size_t rem = r, dst = before[rank - 1];
      for (int d = rank - 2; d >= 0; --d) {
        const std::size_t i = rem % x_shape[d];
        rem /= x_shape[d];
        dst += (before[d] + i) * os[d];
      }
      std::memcpy(out + dst, x + r * run, sizeof(uint32_t) * run);
    }
  });
}

void tile32(const uint32_t* x, const int* x_shape, uint32_t* out, const int* out_shape, int rank) {
  if (rank == 0) {
    out[0] = x[0];
    return;
  }
  const auto xs = strides_of(x_shape, rank);
  const std::size_t run = x_shape[rank - 1];
  const std::size_t reps = out_shape[rank - 1] / (run == 0 ? 1 : run);
  std::size_t rows = 1;
  for (int d = 0; d < rank - 1; ++d) rows *= out_shape[d];
  bool one_row = true;  // x is a single row (e.g. [1,1,1,C] tiled to [N,H,W,C]): every row is equal
  for (int d = 0; d < rank - 1; ++d) one_row = one_row && x_shape[d] == 1;
  if (one_row && rows > 1) {
    // Write the row once, then copy what is written in doubling blocks (few large memcpys).
    const std::size_t row = static_cast<std::size_t>(out_shape[rank - 1]);
    for (std::size_t k = 0; k < reps; ++k) std::memcpy(out + k * run, x, sizeof(uint32_t) * run);
    std::size_t done = 1;
    while (done < rows) {
      const std::size_t n = std::min(done, rows - done);
      std::memcpy(out + done * row, out, sizeof(uint32_t) * n * row);
      done += n;
    }
    return;
  }
  parallel_for(rows, kMinRowsPerThread, [&](std::size_t b, std::size_t e) {
    for (std::size_t r = b; r < e; ++r) {
      std::size_t rem = r, src = 0;
      for (int d = rank - 2; d >= 0; --d) {
        const std::size_t i = rem % out_shape[d];
        rem /= out_shape[d];
        src += (i % x_shape[d]) * xs[d];
      }
      uint32_t* dst = out + r * out_shape[rank - 1];
      for (std::size_t k = 0; k < reps; ++k) std::memcpy(dst + k * run, x + src, sizeof(uint32_t) * run);
    }
  });
}

}  // namespace hacc

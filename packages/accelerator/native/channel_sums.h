// Per-channel helpers for the batch-norm kernels, x viewed as [rows, c] row-major: the inverse
// standard deviation, and channel sums over at most kChannelSumBlocks fixed row blocks whose
// partial sums (double) are added in block order, so results do not depend on the thread count.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "parallel.h"

namespace hacc {

constexpr std::size_t kChannelSumBlocks = 64;

// s = 1/sqrt(var + eps) per channel, in double.
inline std::vector<double> inv_std(const float* var, std::size_t c, float eps) {
  std::vector<double> s(c);
  for (std::size_t j = 0; j < c; ++j) s[j] = 1.0 / std::sqrt(static_cast<double>(var[j]) + eps);
  return s;
}

// Rows per block: at least ~32K elements per block (so small inputs stay on one thread).
inline std::size_t channel_block_rows(std::size_t rows, std::size_t c) {
  const std::size_t min_rows = std::max<std::size_t>(1, (std::size_t{1} << 15) / std::max<std::size_t>(c, 1));
  return std::max(min_rows, (rows + kChannelSumBlocks - 1) / kChannelSumBlocks);
}

// Runs fn(row_begin, row_end, partial) over the blocks of rows; partial is the block's `width`
// doubles (zeroed). Returns the per-block partials summed in block order.
template <typename F>
std::vector<double> blocked_sums(std::size_t rows, std::size_t c, std::size_t width, F&& fn) {
  const std::size_t per = channel_block_rows(rows, c);
  const std::size_t blocks = rows == 0 ? 0 : (rows + per - 1) / per;
  std::vector<double> partial(blocks * width, 0.0);
  parallel_for(blocks, 1, [&](std::size_t b, std::size_t e) {
    for (std::size_t blk = b; blk < e; ++blk) {
      fn(blk * per, std::min(rows, (blk + 1) * per), partial.data() + blk * width);
    }
  });
  std::vector<double> total(width, 0.0);
  for (std::size_t blk = 0; blk < blocks; ++blk) {
    const double* p = partial.data() + blk * width;
    for (std::size_t j = 0; j < width; ++j) total[j] += p[j];
  }
  return total;
}

}  // namespace hacc

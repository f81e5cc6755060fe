// Batched matrix product with tfjs' batch broadcasting (batch index b reads a[b % batch_a]).
#include <cblas.h>

#include <cstddef>

#include "kernels.h"

namespace hacc {

void batch_matmul(const float* a, const float* b, float* c, int batch, int batch_a, int batch_b, int m,
                  int n, int k, bool trans_a, bool trans_b) {
  const std::size_t sa = static_cast<std::size_t>(m) * k, sb = static_cast<std::size_t>(k) * n,
                    sc = static_cast<std::size_t>(m) * n;
  for (int i = 0; i < batch; ++i) {
    cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans, m, n,
                k, 1.f, a + (i % batch_a) * sa, trans_a ? m : k, b + (i % batch_b) * sb, trans_b ? k : n, 0.f,
                c + i * sc, n);
  }
}

}  // namespace hacc

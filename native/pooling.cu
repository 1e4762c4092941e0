// First/last-step pooling: feat[b] = concat(y[b, 0, :], y[b, len_b - 1, :]), y [B, T, DH],
// feat [B, 2*DH]. For the reverse direction y[b, 0] is its last step and y[b, len-1] its first.
#include "common.cuh"

RNN4J_KERNEL void pool_first_last(const float* y, const int* lengths, float* feat, int B, int T,
                                  int DH) {
  GRID_STRIDE(i, (long long)B * 2 * DH) {
    int b = (int)(i / (2 * DH));
    int j = (int)(i - (long long)b * 2 * DH);
    int t = j < DH ? 0 : lengths[b] - 1;
    int k = j < DH ? j : j - DH;
    feat[i] = y[((long long)b * T + t) * DH + k];
  }
}

// Writes all of dy [B, T, DH]: the pooled gradient at steps 0 and len-1 (summed when len = 1),
// zero everywhere else, padding included, so no separate memset is needed.
RNN4J_KERNEL void pool_backward(const float* dfeat, const int* lengths, float* dy, int B, int T,
                                int DH) {
  GRID_STRIDE(i, (long long)B * T * DH) {
    long long bt = i / DH;
    int k = (int)(i - bt * DH);
    int b = (int)(bt / T);
    int t = (int)(bt - (long long)b * T);
    const float* g = dfeat + (long long)b * 2 * DH;
    float v = 0.0f;
    if (t == 0) v += g[k];
    if (t == lengths[b] - 1) v += g[DH + k];
    dy[i] = v;
  }
}

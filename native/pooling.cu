// First/last-step pooling: feat[b] = concat(y[b, 0, :], y[b, len_b - 1, :]), y [B, T, DH] or,
// with seq_major, [T, B, DH] (see bt_row in common.cuh), feat [B, 2*DH]. For the reverse
// direction y[b, 0] is its last step and y[b, len-1] its first.
#include "common.cuh"

// CPU twin: CpuModel.poolForward
RNN4J_KERNEL void pool_forward(const float* y, const int* lengths, float* feat, int B, int T,
                               int DH, int seq_major) {
  GRID_STRIDE(i, (long long)B * 2 * DH) {
    int b = (int)(i / (2 * DH));
    int j = (int)(i - (long long)b * 2 * DH);
    int t = j < DH ? 0 : lengths[b] - 1;
    int k = j < DH ? j : j - DH;
    feat[i] = y[bt_row(b, t, B, T, seq_major) * DH + k];
  }
}

// Writes all of dy: the pooled gradient at steps 0 and len-1 (summed when len = 1), zero
// everywhere else, padding included, so no separate memset is needed.
// CPU twin: CpuModel.poolBackward
RNN4J_KERNEL void pool_backward(const float* dfeat, const int* lengths, float* dy, int B, int T,
                                int DH, int seq_major) {
  GRID_STRIDE(i, (long long)B * T * DH) {
    long long row = i / DH;
    int k = (int)(i - row * DH);
    int b, t;
    row_bt(row, B, T, seq_major, &b, &t);
    const float* g = dfeat + (long long)b * 2 * DH;
    float v = 0.0f;
    if (t == 0) v += g[k];
    if (t == lengths[b] - 1) v += g[DH + k];
    dy[i] = v;
  }
}

// Pooling over each review's real steps, y [B, T, DH] or, with seq_major, [T, B, DH] (see bt_row
// in common.cuh), feat [B, F]. mode is org.rnn4j.model.Pooling's ordinal:
//   0 first_last  feat[b] = concat(y[b, 0], y[b, len_b - 1])        F = 2*DH
//   1 max         feat[b] = max_t y[b, t]                            F = DH
//   2 mean        feat[b] = (1/len_b) sum_t y[b, t]                  F = DH
//   3 max_mean    feat[b] = concat(max_t y[b, t], mean_t y[b, t])   F = 2*DH
// Max pooling keeps in arg [B, DH] the first step holding each maximum, which the backward pass
// reads. For the reverse direction y[b, 0] is its last step and y[b, len-1] its first.
#include "common.cuh"

#define POOL_FIRST_LAST 0
#define POOL_MAX 1
#define POOL_MEAN 2
#define POOL_MAX_MEAN 3

__device__ __forceinline__ int pool_features(int DH, int mode) {
  return mode == POOL_FIRST_LAST || mode == POOL_MAX_MEAN ? 2 * DH : DH;
}

// One thread per feature for first_last; one per (b, unit) looping over the steps otherwise.
// CPU twin: CpuPooling.forward
RNN4J_KERNEL void pool_forward(const float* y, const int* lengths, float* feat, int* arg, int B,
                               int T, int DH, int seq_major, int mode) {
  int F = pool_features(DH, mode);
  if (mode == POOL_FIRST_LAST) {
    GRID_STRIDE(i, (long long)B * F) {
      int b = (int)(i / F);
      int j = (int)(i - (long long)b * F);
      int t = j < DH ? 0 : lengths[b] - 1;
      int k = j < DH ? j : j - DH;
      feat[i] = y[bt_row(b, t, B, T, seq_major) * DH + k];
    }
    return;
  }
  GRID_STRIDE(i, (long long)B * DH) {
    int b = (int)(i / DH);
    int k = (int)(i - (long long)b * DH);
    int n = lengths[b];
    float best = y[bt_row(b, 0, B, T, seq_major) * DH + k];
    int at = 0;
    double sum = 0.0;  // in step order, as the CPU twin
    for (int t = 0; t < n; t++) {
      float v = y[bt_row(b, t, B, T, seq_major) * DH + k];
      if (v > best) {
        best = v;
        at = t;
      }
      sum += v;
    }
    float* out = feat + (long long)b * F;
    if (mode == POOL_MAX || mode == POOL_MAX_MEAN) {
      out[k] = best;
      arg[i] = at;
    }
    if (mode == POOL_MEAN) out[k] = (float)(sum / n);
    if (mode == POOL_MAX_MEAN) out[DH + k] = (float)(sum / n);
  }
}

// Writes all of dy from dfeat [B, F]: each pooled step's share, zero at steps the pooling did not
// read and at padding, so no separate memset is needed.
// CPU twin: CpuPooling.backward
RNN4J_KERNEL void pool_backward(const float* dfeat, const int* lengths, const int* arg, float* dy,
                                int B, int T, int DH, int seq_major, int mode) {
  int F = pool_features(DH, mode);
  GRID_STRIDE(i, (long long)B * T * DH) {
    long long row = i / DH;
    int k = (int)(i - row * DH);
    int b, t;
    row_bt(row, B, T, seq_major, &b, &t);
    const float* g = dfeat + (long long)b * F;
    int n = lengths[b];
    float v = 0.0f;
    if (t < n) {
      if (mode == POOL_FIRST_LAST) {
        if (t == 0) v += g[k];
        if (t == n - 1) v += g[DH + k];
      }
      if ((mode == POOL_MAX || mode == POOL_MAX_MEAN) && t == arg[(long long)b * DH + k]) v += g[k];
      if (mode == POOL_MEAN) v += g[k] / n;
      if (mode == POOL_MAX_MEAN) v += g[DH + k] / n;
    }
    dy[i] = v;
  }
}

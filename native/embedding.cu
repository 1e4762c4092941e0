// Embedding lookup and its gradient. Layouts: ids [B, T] int32, lengths [B], emb [V, E],
// x / dx [B, T, E] or, with seq_major, [T, B, E] (see bt_row in common.cuh).
#include "common.cuh"

// x[b, t, :] = emb[ids[b, t], :] for t < lengths[b]; 0 at padding.
// CPU twin: CpuModel.embeddingForward
RNN4J_KERNEL void embedding_forward(const int* ids, const int* lengths, const float* emb, float* x,
                                    int B, int T, int E, int seq_major) {
  GRID_STRIDE(i, (long long)B * T * E) {
    long long row = i / E;
    int e = (int)(i - row * E);
    int b, t;
    row_bt(row, B, T, seq_major, &b, &t);
    x[i] = t < lengths[b] ? emb[(long long)ids[(long long)b * T + t] * E + e] : 0.0f;
  }
}

// demb[ids[b, t], :] += dx[b, t, :] for t < lengths[b]. demb must be zeroed first. Atomic adds:
// the order of additions into one row varies from run to run (last-bit differences only).
// CPU twin: CpuModel.embeddingBackward
RNN4J_KERNEL void embedding_backward(const int* ids, const int* lengths, const float* dx,
                                     float* demb, int B, int T, int E, int seq_major) {
  GRID_STRIDE(i, (long long)B * T * E) {
    long long row = i / E;
    int e = (int)(i - row * E);
    int b, t;
    row_bt(row, B, T, seq_major, &b, &t);
    if (t < lengths[b]) atomicAdd(&demb[(long long)ids[(long long)b * T + t] * E + e], dx[i]);
  }
}

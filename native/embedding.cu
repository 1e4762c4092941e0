// Embedding lookup with optional dropout on its output, and its gradient. Layouts: ids [B, T]
// int32, lengths [B], emb [V, E], x / dx / mask [B, T, E] or, with seq_major, [T, B, E] (see
// bt_row in common.cuh).
#include "common.cuh"

// A uniform float in [0, 1) from (seed, pass, element): the splitmix64 finaliser of a
// combination of the three. Stateless, so every thread draws its own element's number, and a
// pass counter read from device memory keeps CUDA graph replays drawing fresh masks.
__device__ __forceinline__ float dropout_uniform(unsigned long long seed, unsigned long long pass,
                                                 long long i) {
  unsigned long long z = seed ^ (pass * 0x9E3779B97F4A7C15ULL) ^ ((unsigned long long)i * 0xD1B54A32D192ED03ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return (float)(z >> 40) * (1.0f / 16777216.0f);
}

// x[b, t, :] = emb[ids[b, t], :] for t < lengths[b]; 0 at padding. With mask != null (dropout
// in training), each real element is kept with probability 1 - p and scaled by 1/(1-p); the
// factor (0 or 1/(1-p)) goes to mask for the backward pass. The CPU draws its masks from another
// stream (CpuModel), so the two backends drop different units.
// CPU twin: CpuModel.embeddingForward
RNN4J_KERNEL void embedding_forward(const int* ids, const int* lengths, const float* emb, float* x,
                                    float* mask, const unsigned long long* pass,
                                    unsigned long long seed, float p, int B, int T, int E,
                                    int seq_major) {
  GRID_STRIDE(i, (long long)B * T * E) {
    long long row = i / E;
    int e = (int)(i - row * E);
    int b, t;
    row_bt(row, B, T, seq_major, &b, &t);
    float v = t < lengths[b] ? emb[(long long)ids[(long long)b * T + t] * E + e] : 0.0f;
    if (mask != nullptr) {
      float m = dropout_uniform(seed, *pass, i) >= p ? 1.0f / (1.0f - p) : 0.0f;
      mask[i] = m;
      v *= m;
    }
    x[i] = v;
  }
}

// pass[0] += 1, after the embedding of a training pass with dropout has read it.
RNN4J_KERNEL void dropout_advance(unsigned long long* pass) {
  if (blockIdx.x == 0 && threadIdx.x == 0) pass[0] += 1;
}

// demb[ids[b, t], :] += dx[b, t, :] (times mask, where the forward pass dropped) for
// t < lengths[b]. demb must be zeroed first. Atomic adds: the order of additions into one row
// varies from run to run (last-bit differences only).
// CPU twin: CpuModel.embeddingBackward
RNN4J_KERNEL void embedding_backward(const int* ids, const int* lengths, const float* dx,
                                     const float* mask, float* demb, int B, int T, int E,
                                     int seq_major) {
  GRID_STRIDE(i, (long long)B * T * E) {
    long long row = i / E;
    int e = (int)(i - row * E);
    int b, t;
    row_bt(row, B, T, seq_major, &b, &t);
    if (t < lengths[b]) {
      float g = mask != nullptr ? dx[i] * mask[i] : dx[i];
      atomicAdd(&demb[(long long)ids[(long long)b * T + t] * E + e], g);
    }
  }
}

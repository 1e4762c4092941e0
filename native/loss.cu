// The decoder's bias, softmax cross-entropy and its gradient. logits [B, C] (from the decoder's
// GEMM, without bias), bias [C], labels [B]. Launched as ONE block of REDUCE_THREADS threads so
// that every sum has a fixed order (deterministic loss and bias gradient).
#include "common.cuh"

// logits += bias (in place); dlogits = (softmax - onehot) / B; dbias[c] = sum_b dlogits[b, c];
// stats[0] = mean loss (float), ((int*)stats)[1] = number of arg-max hits (ties: lowest index).
// In training the decoder's bias is added here, not by its GEMM.
// CPU twin: CpuModel.softmaxCrossEntropy
RNN4J_KERNEL void softmax_xent(float* logits, const float* bias, const int* labels, float* dlogits,
                               float* dbias, float* stats, int B, int C) {
  __shared__ float sloss[REDUCE_THREADS];
  __shared__ int scorrect[REDUCE_THREADS];
  const float inv_b = 1.0f / (float)B;
  float loss = 0.0f;
  int correct = 0;
  for (int b = threadIdx.x; b < B; b += blockDim.x) {
    float* z = logits + (long long)b * C;
    float mx = -INFINITY;
    int arg = 0;
    for (int c = 0; c < C; ++c) {
      float v = z[c] + bias[c];
      z[c] = v;
      if (v > mx) { mx = v; arg = c; }
    }
    float sum = 0.0f;
    for (int c = 0; c < C; ++c) sum += expf(z[c] - mx);
    float lse = mx + logf(sum);
    int y = labels[b];
    loss += lse - z[y];
    correct += (arg == y);
    for (int c = 0; c < C; ++c) {
      dlogits[(long long)b * C + c] = (expf(z[c] - lse) - (c == y ? 1.0f : 0.0f)) * inv_b;
    }
  }
  float total = block_sum(loss, sloss);
  int hits = block_sum(correct, scorrect);
  if (threadIdx.x == 0) {
    stats[0] = total * inv_b;
    reinterpret_cast<int*>(stats)[1] = hits;
  }
  // block_sum ended with __syncthreads, so every dlogits row is written.
  for (int c = threadIdx.x; c < C; c += blockDim.x) {
    float s = 0.0f;
    for (int b = 0; b < B; ++b) s += dlogits[(long long)b * C + c];
    dbias[c] = s;
  }
}

// Inference: logits[b, c] += bias[c], the decoder's bias after its GEMM.
// CPU twin: the bias half of CpuDecoder.forward
RNN4J_KERNEL void add_bias_rows(float* logits, const float* bias, int B, int C) {
  GRID_STRIDE(i, (long long)B * C) { logits[i] += bias[i % C]; }
}

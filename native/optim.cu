// Global-norm clipping and Adam over the flat gradient buffer: one pass each, no host sync
// (the clip factor stays on the device and Adam reads it from there).
#include "common.cuh"

// partial[block] = sum of g[i]^2 over this block's grid-stride share. Launched with a FIXED grid
// (the Java side always uses the same block count), so the sum order never changes.
// CPU twin: CpuAdam.step (the gradient norm)
RNN4J_KERNEL void sum_squares_partial(const float* g, long long n, float* partial) {
  __shared__ float s[REDUCE_THREADS];
  float acc = 0.0f;
  GRID_STRIDE(i, n) { float v = g[i]; acc += v * v; }
  float total = block_sum(acc, s);
  if (threadIdx.x == 0) partial[blockIdx.x] = total;
}

// One block: norm = sqrt(sum(partial)); out[0] = min(1, max_norm / (norm + 1e-6)) as in
// torch.nn.utils.clip_grad_norm_; out[1] = norm.
// CPU twin: CpuAdam.step (the clip factor)
RNN4J_KERNEL void clip_scale(const float* partial, int count, float max_norm, float* out) {
  __shared__ float s[REDUCE_THREADS];
  float acc = 0.0f;
  for (int i = threadIdx.x; i < count; i += blockDim.x) acc += partial[i];
  float total = block_sum(acc, s);
  if (threadIdx.x == 0) {
    float norm = sqrtf(total);
    float coef = max_norm / (norm + 1e-6f);
    out[0] = coef < 1.0f ? coef : 1.0f;
    out[1] = norm;
  }
}

// torch.optim.Adam (wd: weight_decay as L2 added to the gradient) or torch.optim.AdamW (keep =
// 1 - lr * weight_decay shrinks the weight first, wd = 0), in float, in the order of operations of
// org.rnn4j.cpu.CpuAdam (which computes in double):
//   g = grad * scale + wd * p;  m = b1 m + omb1 g;  v = b2 v + omb2 g g
//   p = p * keep - step_size * m / (sqrt(v) / bc2_sqrt + eps)
// The host computes in double and rounds once: omb1 = 1 - b1 and omb2 = 1 - b2 (1.0f - 0.999f would
// be off in the fourth digit), keep, step_size = lr / (1 - b1^t), bc2_sqrt = sqrt(1 - b2^t).
// CpuAdam rounds each element's double result once; the last line is one fmaf (p * keep plus the
// negated step, one rounding, and with keep = 1 exactly the subtraction plain Adam always did),
// nvcc's default contraction of a * b + c into one fma and IEEE sqrtf and division keep the float
// path close to that.
// grad_scale: the clip factor on the device, or NULL for none. A factor below 1 is written back into
// grad, as clip_grad_norm_ does in place; the weight decay term is not (Adam adds it to a copy).
// Launched once per parameter group (the trainable embedding is a group of its own, with its own
// lr and step count), each launch on its group's slice of the flat buffers.
// CPU twin: CpuAdam.step
RNN4J_KERNEL void adam_step(float* p, float* grad, float* m, float* v, long long n, float b1,
                            float b2, float omb1, float omb2, float eps, float wd, float keep,
                            float step_size, float bc2_sqrt, const float* grad_scale) {
  const float scale = grad_scale != nullptr ? grad_scale[0] : 1.0f;
  const bool clipped = scale != 1.0f;
  GRID_STRIDE(i, n) {
    float g = grad[i] * scale;
    if (clipped) grad[i] = g;
    if (wd != 0.0f) g += wd * p[i];
    float mi = b1 * m[i] + omb1 * g;
    float vi = b2 * v[i] + omb2 * g * g;
    m[i] = mi;
    v[i] = vi;
    float denom = sqrtf(vi) / bc2_sqrt + eps;
    p[i] = fmaf(p[i], keep, -(step_size * mi / denom));
  }
}

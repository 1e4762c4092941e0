// Shared helpers for rnn4j's kernels. Every kernel is extern "C" so that the Java side finds it
// by its plain name with cuModuleGetFunction. Dimension key: B batch, T padded length,
// E embedding, DH = directions * hidden, C classes, F = 2 * DH pooled features.
#pragma once
#include <cstdint>

#define RNN4J_KERNEL extern "C" __global__

// Grid-stride loop over [0, n).
#define GRID_STRIDE(i, n) \
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (long long)(n); \
       i += (long long)blockDim.x * gridDim.x)

// Padded encoder tensors x, dx [.., E] and y, dy [.., DH] lie batch-major ([B, T, W]) or, with
// seq_major != 0, sequence-major ([T, B, W]) (Java's DataLayout). ids stay [B, T] either way.
__device__ __forceinline__ long long bt_row(int b, int t, int B, int T, int seq_major) {
  return seq_major ? (long long)t * B + b : (long long)b * T + t;
}

// The inverse: sample b and step t of row `row`.
__device__ __forceinline__ void row_bt(long long row, int B, int T, int seq_major, int* b, int* t) {
  if (seq_major) {
    *t = (int)(row / B);
    *b = (int)(row - (long long)*t * B);
  } else {
    *b = (int)(row / T);
    *t = (int)(row - (long long)*b * T);
  }
}

// Block size of every reduction kernel; the Java side launches them with exactly this many threads
// (Kernels.REDUCE_THREADS, checked against this line by KernelSourceTest).
#define REDUCE_THREADS 256

// Deterministic tree reduction of one value per thread over a block of REDUCE_THREADS threads.
// `shared` holds REDUCE_THREADS values: any other block size would index past it or sum
// uninitialised slots, so such a launch traps (a sticky launch failure) instead of a wrong sum.
template <typename V>
__device__ V block_sum(V v, V* shared) {
  if (blockDim.x != REDUCE_THREADS) __trap();
  shared[threadIdx.x] = v;
  __syncthreads();
  for (int s = REDUCE_THREADS / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) shared[threadIdx.x] += shared[threadIdx.x + s];
    __syncthreads();
  }
  V total = shared[0];
  __syncthreads();
  return total;
}

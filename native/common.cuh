// Shared helpers for rnn4j's kernels. Every kernel is extern "C" so that the Java side finds it
// by its plain name with cuModuleGetFunction.
#pragma once
#include <cstdint>

#define RNN4J_KERNEL extern "C" __global__

// Grid-stride loop over [0, n).
#define GRID_STRIDE(i, n) \
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (long long)(n); \
       i += (long long)blockDim.x * gridDim.x)

#!/usr/bin/env bash
# Builds native/*.cu into one fatbin (SASS for sm_75, sm_80 and sm_90 plus compute_90 PTX; the
# archs are set in CMakeLists.txt) with CMake and nvcc, and copies it into the jar's resources.
# Called by Maven (java/pom.xml) in generate-resources. Where nvcc or cmake is missing the build
# goes on without kernels, and the cudnn backend later reports that its kernels were not built.
# Usage: build-kernels.sh BUILD_DIR RESOURCE_DIR
set -euo pipefail
build=${1:?build dir}
dest=${2:?resource dir}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
nvcc=${CUDACXX:-$(command -v nvcc || true)}
if [ -z "$nvcc" ] && [ -x /usr/local/cuda/bin/nvcc ]; then nvcc=/usr/local/cuda/bin/nvcc; fi
if [ -z "$nvcc" ]; then
  echo "[rnn4j] nvcc not found: CUDA kernels not built (the cudnn backend will report this)."
  exit 0
fi
if ! command -v cmake >/dev/null; then
  echo "[rnn4j] cmake not found: CUDA kernels not built (the cudnn backend will report this)."
  exit 0
fi
# -U: an existing build directory would otherwise keep the architectures cached by an older
# CMakeLists.txt.
cmake -S "$here" -B "$build" -U RNN4J_CUDA_ARCHS -U RNN4J_PTX_ARCH -DRNN4J_NVCC="$nvcc" \
  -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" >/dev/null
mkdir -p "$dest"
cp "$build/rnn4j_kernels.fatbin" "$dest/rnn4j_kernels.fatbin"
echo "[rnn4j] CUDA kernels built with $("$nvcc" --version | tail -n 2 | head -n 1)"

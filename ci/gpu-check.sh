#!/usr/bin/env bash
# The GPU check: run from the repository root on the GPU machine, with .gpu/ carried from
# ci/gpu-prepare.sh. No network, no Maven. Writes full logs and JSON under $OUT and prints one
# short table last. Steps (each runs even if an earlier one failed; ~5-8 minutes in all):
#   1. environment: GPU, driver, CUDA/cuDNN wheels on LD_LIBRARY_PATH, Java (system 17+ or the
#      carried runtime), and whether the cudnn backend loads
#   2. the GPU test suite (JUnit tag "gpu": contract suite, CPU-vs-GPU parity, robustness, dropout)
#   3. PyTorch comparison: same weights and batch through rnn4j (cudnn, cpu) and nn.LSTM
#   4. training-step time at the tutorial's shape (B=64, T=500, E=100, H=100, L=2, bi) and two
#      others, ours (JMH) vs PyTorch, exact FP32 and TF32 (PyTorch's default), same GPU, same run,
#      with peak GPU memory, each with and without CUDA graphs (bench/compare.py --graphs both)
#   5. one epoch of examples/ImdbBiLstm on the full IMDB data (cudnn), with test accuracy
#   6. one epoch of the tutorial's own PyTorch recipe on the same data (bench/torch_tutorial_imdb.py)
# Usage: OUT=/path ci/gpu-check.sh          (PYTHON=python3 by default)
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
OUT=${OUT:-$root/out}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/gpu-check.log") 2>&1
PYTHON=${PYTHON:-python3}
work=$(mktemp -d "${TMPDIR:-/tmp}/rnn4j-gpu.XXXXXX")
declare -A status seconds
order=()

run_step() { # name, command...
  local name=$1 start rc
  shift
  order+=("$name")
  echo "=================== $name"
  start=$(date +%s)
  "$@"
  rc=$?
  seconds[$name]=$(( $(date +%s) - start ))
  if [ $rc -eq 0 ]; then status[$name]=ok; else status[$name]="FAILED (exit $rc)"; fi
  echo "=================== $name: ${status[$name]} in ${seconds[$name]} s"
}

setup() {
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total \
    --format=csv,noheader | tee "$OUT/gpu.txt"
  local libs
  libs=$("$PYTHON" - <<'PY'
import glob, os, site
roots = site.getsitepackages() + [site.getusersitepackages()]
libs = [p for r in roots for p in glob.glob(r + "/nvidia/**/lib*.so*", recursive=True)]
print(":".join(sorted({os.path.dirname(p) for p in libs})))
PY
  )
  echo "NVIDIA wheel library folders: ${libs:-none found}"
  export LD_LIBRARY_PATH="${libs}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  "$PYTHON" -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda, 'cudnn', torch.backends.cudnn.version(), 'gpu', torch.cuda.is_available() and torch.cuda.get_device_name(0))" \
    | tee "$OUT/torch.txt"
  JAVA=$(command -v java || true)
  if [ -z "$JAVA" ] || ! "$JAVA" -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'; then
    "$PYTHON" -c "import tarfile,sys; tarfile.open(sys.argv[1], 'r:xz').extractall(sys.argv[2])" \
      .gpu/jre.tar.xz "$work" || return 1
    JAVA=$work/jre/bin/java
  fi
  "$JAVA" -version 2>&1 | head -1
  CP=$(ls .gpu/lib/*.jar | grep -v junit-platform-console | tr '\n' ':')
  JUNIT=$(ls .gpu/lib/junit-platform-console-standalone-*.jar)
  export JAVA CP JUNIT
  if ! "$JAVA" -cp "$CP" org.rnn4j.bench.GpuCheck probe | tee "$OUT/probe.txt"; then
    echo "The 1.5.14 presets did not give a usable backend; trying the 1.5.13 presets (CUDA 13.1, cuDNN 9.19)"
    local fallback
    fallback=$(ls .gpu/lib/*.jar | grep -v -E 'junit-platform-console|/javacpp-1\.5\.14|/cuda-13\.3' | tr '\n' ':')
    fallback+=$(ls .gpu/lib-fallback/*.jar | tr '\n' ':')
    if "$JAVA" -cp "$fallback" org.rnn4j.bench.GpuCheck probe | tee "$OUT/probe.txt"; then
      CP=$fallback
      FALLBACK_CP=$fallback
      echo " (JavaCPP 1.5.13 presets)" >> "$OUT/probe.txt"
    else
      return 1
    fi
  fi
}

gpu_tests() {
  timeout 300 "$JAVA" -Xmx8g -jar "$JUNIT" execute --class-path "$CP" \
    --scan-class-path .gpu/lib/rnn4j-tests.jar --include-tag gpu \
    --reports-dir "$OUT/junit" --details summary --disable-banner 2>&1 | tee "$OUT/gpu-tests.txt"
  return "${PIPESTATUS[0]}"
}

parity() {
  "$JAVA" -cp "$CP" org.rnn4j.bench.GpuCheck parity "$work/parity" \
    && "$PYTHON" ci/torch_parity.py "$work/parity" --json "$OUT/parity.json"
}

throughput() {
  # JMH TrainStepBenchmark (cudnn) and bench/torch_step.py, one after the other, one table.
  local bench_cp
  bench_cp=$(ls .gpu/lib/*.jar | grep -v junit-platform-console | tr '\n' ':')
  [ -n "${FALLBACK_CP:-}" ] && bench_cp=$FALLBACK_CP
  JAVA=$JAVA "$PYTHON" bench/compare.py --cp "$bench_cp" --shapes tutorial,h256,b256t200 \
    --modes train --graphs both --jmh "-wi 2 -i 3 -w 1s -r 1s -f 1" --python "$PYTHON" \
    --out "$OUT/compare" --timeout 150
}

extract_data() {
  "$PYTHON" - "$work" <<'PY'
import lzma, shutil, sys, tarfile
tarfile.open(".gpu/data/aclImdb_labelled.tar.xz", "r:xz").extractall(sys.argv[1])
with lzma.open(".gpu/data/glove.imdb.100d.txt.xz") as src, open(sys.argv[1] + "/glove.txt", "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
}

imdb_epoch() {
  [ -d "$work/aclImdb" ] || extract_data || return 1
  timeout 300 "$JAVA" -Xmx8g -cp "$CP" org.rnn4j.examples.ImdbBiLstm --backend cudnn --epochs 1 \
    --data "$work/aclImdb" --glove "$work/glove.txt" --metrics-out "$OUT/imdb.json" \
    && test -s "$OUT/imdb.json"
}

tutorial_epoch() {
  [ -d "$work/aclImdb" ] || extract_data || return 1
  timeout 240 "$PYTHON" bench/torch_tutorial_imdb.py --data "$work/aclImdb" \
    --glove "$work/glove.txt" --epochs 1 --json "$OUT/tutorial.json"
}

run_step environment setup
run_step gpu-tests gpu_tests
run_step pytorch-parity parity
run_step throughput throughput
run_step imdb-1-epoch imdb_epoch
run_step tutorial-1-epoch tutorial_epoch
rm -rf "$work"

echo
echo "rnn4j GPU check, $(date -u +%Y-%m-%dT%H:%MZ)"
for s in "${order[@]}"; do printf '  %-16s %-20s %4d s\n' "$s" "${status[$s]}" "${seconds[$s]}"; done
"$PYTHON" ci/gpu_table.py "$OUT"

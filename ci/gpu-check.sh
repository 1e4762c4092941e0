#!/usr/bin/env bash
# The GPU check: run from the repository root on the GPU machine, with .gpu/ carried from
# ci/gpu-prepare.sh. No network, no Maven. Steps, in order of importance (each runs even if an
# earlier one failed; a step that would start with under 20 s of the budget left is skipped):
#   1. environment: GPU, driver, CUDA/cuDNN wheels on LD_LIBRARY_PATH, Java (system 17+ or the
#      carried runtime), and whether the cudnn backend loads and runs one tiny training step
#   2. the GPU test suite (JUnit tag "gpu": contract suite, CPU-vs-GPU parity, robustness,
#      dropout, CUDA graphs)
#   3. PyTorch comparison: same weights and batch through rnn4j (cudnn, cpu) and nn.LSTM
#   4. one epoch of examples/ImdbBiLstm on the full IMDB data (cudnn), with test accuracy
#   5. one epoch of the tutorial's own PyTorch recipe on the same data (bench/torch_tutorial_imdb.py)
#   6. training-step time at the tutorial's shape (B=64, T=500, E=100, H=100, L=2, bi) and two
#      others, ours (JMH) vs PyTorch, exact FP32 and TF32 (PyTorch's default), same GPU, same run,
#      with peak GPU memory, with and without CUDA graphs (bench/compare.py), in the time left
# The whole script keeps to GPU_CHECK_BUDGET seconds (default 480; the device call's limit should
# be about a minute more). The device tool brings back at most 8 files from $OUT, so $OUT holds
# only gpu-check.log and results.tgz (every log, JUnit report and JSON; rewritten after each step).
# Usage: OUT=/path ci/gpu-check.sh          (PYTHON=python3 by default)
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
OUT=${OUT:-$root/out}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/gpu-check.log") 2>&1
export PYTHONUNBUFFERED=1
PYTHON=${PYTHON:-python3}
T0=$(date +%s)
DEADLINE=$((T0 + ${GPU_CHECK_BUDGET:-480}))
work=$(mktemp -d "${TMPDIR:-/tmp}/rnn4j-gpu.XXXXXX")
RES=$work/res
mkdir -p "$RES"
JAVA='' CP='' JUNIT='' EXTRACT_PID=''
declare -A status seconds
order=()

left() { echo $((DEADLINE - $(date +%s))); }
cap() { # the smaller of $1 seconds and the time left (at least 5)
  local l
  l=$(left)
  echo $(($1 < l ? $1 : (l > 5 ? l : 5)))
}

save_results() {
  tar -czf "$OUT/results.tgz.tmp" -C "$RES" . && mv "$OUT/results.tgz.tmp" "$OUT/results.tgz"
}

run_step() { # name, command...
  local name=$1 start rc
  shift
  order+=("$name")
  echo "=================== $name ($(left) s of the budget left)"
  if [ "$(left)" -lt 20 ]; then
    status[$name]="SKIPPED (no time)"
    seconds[$name]=0
    echo "=================== $name: ${status[$name]}"
    return
  fi
  start=$(date +%s)
  "$@"
  rc=$?
  seconds[$name]=$(($(date +%s) - start))
  if [ $rc -eq 0 ]; then status[$name]=ok; else status[$name]="FAILED (exit $rc)"; fi
  echo "=================== $name: ${status[$name]} in ${seconds[$name]} s"
  save_results
}

setup() {
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total \
    --format=csv,noheader | tee "$RES/gpu.txt"
  ldconfig -p 2>/dev/null | grep 'libcuda.so.1' | head -2
  local libs
  libs=$(timeout 60 "$PYTHON" - <<'PY'
import glob, os, site
roots = site.getsitepackages() + [site.getusersitepackages()]
libs = [p for r in roots for p in glob.glob(r + "/nvidia/**/lib*.so*", recursive=True)]
print(":".join(sorted({os.path.dirname(p) for p in libs})))
PY
  )
  echo "NVIDIA wheel library folders: ${libs:-none found}"
  export LD_LIBRARY_PATH="${libs}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  timeout 60 "$PYTHON" -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda, 'cudnn', torch.backends.cudnn.version(), 'gpu', torch.cuda.is_available() and torch.cuda.get_device_name(0))" \
    | tee "$RES/torch.txt"
  CP=$(ls .gpu/lib/*.jar | grep -v junit-platform-console | tr '\n' ':')
  JUNIT=$(ls .gpu/lib/junit-platform-console-standalone-*.jar)
  JAVA=$(command -v java || true)
  if [ -z "$JAVA" ] || ! grep -Eq 'version "(1[7-9]|[2-9][0-9])' <<<"$("$JAVA" -version 2>&1)"; then
    JAVA=''
    "$PYTHON" -c "import tarfile,sys; tarfile.open(sys.argv[1], 'r:xz').extractall(sys.argv[2])" \
      .gpu/jre.tar.xz "$work" || return 1
    JAVA=$work/jre/bin/java
  fi
  "$JAVA" -version 2>&1 | head -1
  export JAVA CP JUNIT
  # Unpack the data for the epoch steps in the background while the tests run.
  extract_data >"$work/extract.log" 2>&1 &
  EXTRACT_PID=$!
  if ! timeout -k 5 90 "$JAVA" -cp "$CP" org.rnn4j.bench.GpuCheck probe | tee "$RES/probe.txt"; then
    echo "The 1.5.14 presets did not give a working backend; trying the 1.5.13 presets (CUDA 13.1, cuDNN 9.19)"
    local fallback
    fallback=$(ls .gpu/lib/*.jar | grep -v -E 'junit-platform-console|/javacpp-1\.5\.14|/cuda-13\.3' | tr '\n' ':')
    fallback+=$(ls .gpu/lib-fallback/*.jar | tr '\n' ':')
    if timeout -k 5 90 "$JAVA" -cp "$fallback" org.rnn4j.bench.GpuCheck probe | tee "$RES/probe.txt"; then
      CP=$fallback
      echo " (JavaCPP 1.5.13 presets)" >>"$RES/probe.txt"
    else
      return 1
    fi
  fi
}

gpu_tests() {
  [ -n "$JAVA" ] || return 1
  timeout -k 10 "$(cap 200)" "$JAVA" -Xmx8g -jar "$JUNIT" execute --class-path "$CP" \
    --scan-class-path .gpu/lib/rnn4j-tests.jar --include-tag gpu --fail-if-no-tests \
    --reports-dir "$RES/junit" --details summary --disable-banner 2>&1 | tee "$RES/gpu-tests.txt"
  return "${PIPESTATUS[0]}"
}

parity() {
  [ -n "$JAVA" ] || return 1
  timeout -k 5 "$(cap 60)" "$JAVA" -cp "$CP" org.rnn4j.bench.GpuCheck parity "$work/parity" \
    && timeout -k 5 "$(cap 60)" "$PYTHON" ci/torch_parity.py "$work/parity" --json "$RES/parity.json"
}

extract_data() { # [seconds]
  timeout -k 5 "${1:-600}" "$PYTHON" - "$work" <<'PY'
import lzma, shutil, sys, tarfile
tarfile.open(".gpu/data/aclImdb_labelled.tar.xz", "r:xz").extractall(sys.argv[1])
with lzma.open(".gpu/data/glove.imdb.100d.txt.xz") as src, open(sys.argv[1] + "/glove.txt", "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
}

data_ready() {
  if [ -n "$EXTRACT_PID" ]; then
    wait "$EXTRACT_PID"
    local rc=$?
    EXTRACT_PID=''
    cat "$work/extract.log"
    [ $rc -eq 0 ] || return 1
  fi
  [ -d "$work/aclImdb" ] || extract_data "$(cap 60)"
}

imdb_epoch() {
  [ -n "$JAVA" ] || return 1
  data_ready || return 1
  timeout -k 10 "$(cap 150)" "$JAVA" -Xmx8g -cp "$CP" org.rnn4j.examples.ImdbBiLstm --backend cudnn \
    --epochs 1 --data "$work/aclImdb" --glove "$work/glove.txt" --metrics-out "$RES/imdb.json" \
    && test -s "$RES/imdb.json"
}

tutorial_epoch() {
  data_ready || return 1
  timeout -k 10 "$(cap 120)" "$PYTHON" bench/torch_tutorial_imdb.py --data "$work/aclImdb" \
    --glove "$work/glove.txt" --epochs 1 --json "$RES/tutorial.json"
}

throughput() {
  # JMH TrainStepBenchmark (cudnn) and bench/torch_step.py, shape by shape in the time left; not
  # wrapped in timeout: compare.py kills its own runs (their JVMs are in sessions of their own).
  [ -n "$JAVA" ] || return 1
  JAVA=$JAVA "$PYTHON" bench/compare.py --cp "$CP" --shapes tutorial,b256t200,h256 \
    --modes train --graphs both --jmh "-wi 2 -i 3 -w 1s -r 1s -f 1" --python "$PYTHON" \
    --out "$RES/compare" --timeout 100 --deadline $((DEADLINE - 10))
}

run_step environment setup
run_step gpu-tests gpu_tests
run_step pytorch-parity parity
run_step imdb-1-epoch imdb_epoch
run_step tutorial-1-epoch tutorial_epoch
run_step throughput throughput
[ -n "$EXTRACT_PID" ] && kill "$EXTRACT_PID" 2>/dev/null

{
  echo
  echo "rnn4j GPU check, $(date -u +%Y-%m-%dT%H:%MZ), $(($(date +%s) - T0)) s"
  for s in "${order[@]}"; do printf '  %-16s %-20s %4d s\n' "$s" "${status[$s]}" "${seconds[$s]}"; done
  "$PYTHON" ci/gpu_table.py "$RES"
} | tee "$RES/summary.txt"
save_results
rm -rf "$work"

#!/usr/bin/env bash
# The GPU check: run from the repository root on the GPU machine, with .gpu/ carried from
# ci/gpu-prepare.sh. No network, no Maven. Steps, in order of importance (each runs even if an
# earlier one failed; a step that would start with under 20 s of the budget left is skipped):
#   1. environment: GPU, driver, glibc, CUDA/cuDNN wheels on LD_LIBRARY_PATH, Java (system 17+ or
#      the carried runtime), and whether the cudnn backend loads and runs one tiny training step
#   2. the GPU pieces, each alone against its CPU twin (every kernel, the encoder, the weight
#      layout): the first failure here names one piece
#   3. the rest of the GPU test suite (JUnit tag "gpu": contract suite, CPU-vs-GPU parity,
#      robustness, dropout, CUDA graphs)
#   4. PyTorch comparison: same weights and batch through rnn4j (cudnn, cpu) and PyTorch
#   5. one epoch of examples/ImdbBiLstm on the full IMDB data (cudnn), with test accuracy
#   6. one epoch of the tutorial's own PyTorch recipe on the same data (bench/torch_tutorial_imdb.py)
#   7. where a training step's time goes on the GPU, stage by stage (JMH StageBenchmark)
#   8. training-step time at the tutorial's shape (B=64, T=500, E=100, H=100, L=2, bi) and two
#      others, ours (JMH) vs PyTorch, exact FP32 and TF32 (PyTorch's default), same GPU, same run,
#      with peak GPU memory, with and without CUDA graphs (bench/compare.py), in the time left
# A step is "ok" only when it measured something: a JUnit step in which no test passed (every
# @GpuTest is skipped when the backend does not load) fails, and so does a step whose results
# are missing. The whole script keeps to GPU_CHECK_BUDGET seconds, a minute under the device
# call's timeout. The device tool brings back only a few files from $OUT, so $OUT holds only
# gpu-check.log and results.tgz (every log, JUnit report and JSON; rewritten after each step).
# The values of these limits, and the device tool's, are in ci/gpu-limits.sh.
# Usage: OUT=/path ci/gpu-check.sh          (PYTHON=python3 by default)
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
. ci/gpu-limits.sh
OUT=${OUT:-$root/out}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/gpu-check.log") 2>&1
export PYTHONUNBUFFERED=1
# The Python scripts import the package in python/ (python/README.md).
export PYTHONPATH="$root/python${PYTHONPATH:+:$PYTHONPATH}"
PYTHON=${PYTHON:-python3}
T0=$(date +%s)
DEADLINE=$((T0 + GPU_CHECK_BUDGET))
if [ "$GPU_CHECK_BUDGET" -ge "$GPU_CHECK_CALL_TIMEOUT_S" ] \
    || [ "$GPU_CHECK_CALL_TIMEOUT_S" -gt "$GPU_COMMAND_LIMIT_SECONDS" ]; then
  echo "WARNING: GPU_CHECK_BUDGET=$GPU_CHECK_BUDGET s does not fit the device call's" \
    "$GPU_CHECK_CALL_TIMEOUT_S s (at most $GPU_COMMAND_LIMIT_SECONDS s) with time to pack the" \
    "results (ci/gpu-limits.sh)"
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/rnn4j-gpu.XXXXXX")
RES=$work/res
mkdir -p "$RES"
JAVA='' CP='' JUNIT='' EXTRACT_PID='' PROBE_OK=''
# The per-piece GPU tests (tag gpu-pieces), run first and alone (the later suite leaves them out),
# in the order in which they depend on each other: the first failure in this order is the one the
# summary names.
PIECES=(org.rnn4j.cuda.WeightLayoutRoundTripTest org.rnn4j.cuda.KernelPiecesTest
  org.rnn4j.cuda.DecoderPieceTest org.rnn4j.cuda.EncoderPieceTest)
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
  # The carried runtime needs the glibc it was linked against (see gpu-prepare.sh); record this one.
  { grep -m1 PRETTY_NAME /etc/os-release 2>/dev/null; ldd --version 2>&1 | head -1; uname -m; } \
    | tee "$RES/os.txt"
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
  CP=$(find .gpu/lib -maxdepth 1 -name '*.jar' ! -name 'junit-platform-console-standalone-*' \
    | sort | tr '\n' ':')
  JUNIT=$(find .gpu/lib -maxdepth 1 -name 'junit-platform-console-standalone-*.jar' | sort | head -1)
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
  timeout -k 5 90 "$JAVA" -cp "$CP" org.rnn4j.ci.GpuCheck probe | tee "$RES/probe.txt"
  [ "${PIPESTATUS[0]}" -eq 0 ] || return 1
  PROBE_OK=1
}

need_backend() { # the GPU steps measure nothing without a working backend: say so and fail
  [ -n "$JAVA" ] || { echo "no Java runtime: the environment step failed"; return 1; }
  [ -n "$PROBE_OK" ] || { echo "the cudnn backend did not load or run (see the environment step: $(head -1 "$RES/probe.txt" 2>/dev/null))"; return 1; }
}

junit() { # reports-dir, seconds, class order for naming the first failure, selection arguments...
  local reports=$1 secs=$2 order=$3
  shift 3
  timeout -k 10 "$(cap "$secs")" "$JAVA" --add-modules jdk.incubator.vector -Xmx8g -jar "$JUNIT" execute --class-path "$CP" \
    "$@" --reports-dir "$reports" --details summary --disable-banner 2>&1
  local rc=$?
  # JUnit exits 0 when every test was skipped: only a run in which tests passed counts.
  "$PYTHON" ci/junit_summary.py "$reports" --order "$order" --json "$reports.json" || rc=1
  return "$rc"
}

gpu_pieces() {
  need_backend || return 1
  local select=()
  for c in "${PIECES[@]}"; do select+=(--select-class "$c"); done
  junit "$RES/junit-pieces" 120 "$(IFS=,; echo "${PIECES[*]}")" "${select[@]}" \
    | tee "$RES/gpu-pieces.txt"
  return "${PIPESTATUS[0]}"
}

gpu_tests() {
  need_backend || return 1
  junit "$RES/junit" 200 "" --scan-class-path .gpu/lib/rnn4j-tests.jar --include-tag gpu \
    --exclude-tag gpu-pieces | tee "$RES/gpu-tests.txt"
  return "${PIPESTATUS[0]}"
}

parity() {
  # Runs without a backend too (the CPU side against PyTorch), but fails without a cudnn result.
  [ -n "$JAVA" ] || return 1
  timeout -k 5 "$(cap 60)" "$JAVA" --add-modules jdk.incubator.vector -cp "$CP" org.rnn4j.ci.GpuCheck parity "$work/parity" \
    && timeout -k 5 "$(cap 60)" "$PYTHON" ci/torch_parity.py "$work/parity" --require cudnn \
      --json "$RES/parity.json"
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
  need_backend || return 1
  data_ready || return 1
  timeout -k 10 "$(cap 150)" "$JAVA" --add-modules jdk.incubator.vector -Xmx8g -cp "$CP" org.rnn4j.examples.ImdbBiLstm --backend cudnn \
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
  need_backend || return 1
  JAVA=$JAVA "$PYTHON" bench/compare.py --cp "$CP" --shapes tutorial,b256t200,h256 \
    --modes train --graphs both --jmh "-wi 2 -i 3 -w 1s -r 1s -f 1" --python "$PYTHON" \
    --out "$RES/compare" --timeout 100 --deadline $((DEADLINE - 10))
}

stages() {
  # JMH StageBenchmark (cudnn): ms per stage of a training step at the tutorial's shape.
  need_backend || return 1
  timeout -k 10 "$(cap 90)" "$JAVA" -cp "$CP" org.openjdk.jmh.Main 'bench\.StageBenchmark\.(embeddingForward|encoder[A-Za-z]*|headAndLoss|clipAndAdam)$' \
    -p backend=cudnn -p shape=tutorial -wi 2 -i 3 -w 1s -r 1s -f 1 -rf json \
    -rff "$RES/stages.json" 2>&1 | tee "$RES/stages.txt"
  [ "${PIPESTATUS[0]}" -eq 0 ] && "$PYTHON" -c "import json,sys; sys.exit(0 if json.load(open(sys.argv[1])) else 1)" "$RES/stages.json"
}

run_step environment setup
run_step gpu-pieces gpu_pieces
run_step gpu-tests gpu_tests
run_step pytorch-parity parity
run_step imdb-1-epoch imdb_epoch
run_step tutorial-1-epoch tutorial_epoch
run_step stages stages
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
returned=$(find "$OUT" -type f | wc -l)
if [ "$returned" -gt "$GPU_OUT_FILES_LIMIT" ]; then
  echo "WARNING: $OUT holds $returned files; the device tool brings back $GPU_OUT_FILES_LIMIT" \
    "(ci/gpu-limits.sh)"
fi

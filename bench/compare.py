#!/usr/bin/env python3
"""rnn4j against PyTorch, one step at a time, on the same machine: runs rnn4j's JMH
TrainStepBenchmark, then bench/torch_step.py, one after the other, and prints one table.

GPU (default): per shape, two rows that compare like with like:
  - "FP32": rnn4j MathMode.FP32 (exact) vs PyTorch with TF32 off (exact FP32);
  - "TF32": rnn4j MathMode.TF32 vs PyTorch's defaults (TF32 on in cuDNN, so in its LSTMs).
  Memory on both sides is the device's used memory (cudaMemGetInfo) after the timed calls minus
  before the model, each configuration in a fresh process (a JMH fork; one torch_step.py run), so
  the CUDA context is excluded and library kernels loaded on first use are included on both
  sides. PyTorch's allocator peak (max_memory_allocated, tensors only) is shown as well.
--cpu-only: rnn4j's cpu backend vs PyTorch on the CPU, FP32, with tiny iteration counts (a few
  steps of seconds each: indicative, not precise).

Needs no network and no Maven: the prebuilt shaded jar (--jar, default bench/target/benchmarks.jar),
the java named by the JAVA environment variable (default: java on the PATH), and a Python with
PyTorch (--python, default this interpreter). Run from the project root, with PYTHONPATH=python
(python/README.md).

Outputs in --out (default /tmp/rnn4j-compare): ours.json (JMH), ours.log, ours-memory.jsonl,
torch.jsonl, torch.log, table.md (the table printed at the end) and results.json (its rows).
Exit status 0 when every cell was measured, 1 when some are missing (the reasons are printed).

Examples:
  export PYTHONPATH=python
  JAVA=/opt/jdk/bin/java python3 bench/compare.py --jar bench/target/benchmarks.jar
  python3 bench/compare.py --cpu-only --shapes tutorial
  python3 bench/compare.py --table-only --out /tmp/rnn4j-compare     # re-print from the files
"""
import argparse
import datetime
import json
import math
import os
import platform
import shlex
import signal
import statistics
import subprocess
import sys
import threading
import time

from rnn4j_torch import child_env
from rnn4j_torch import shapes as shape_table
from rnn4j_torch.files import read_json, read_json_lines

HERE = os.path.dirname(os.path.abspath(__file__))

BENCH = r"org\.rnn4j\.bench\.TrainStepBenchmark\.(%s)$"
JMH_METHOD = {"train": "trainStep", "pipelined": "trainPipelined", "infer": "inference"}
MODE_OF = {v: k for k, v in JMH_METHOD.items()}
GPU_JMH = "-wi 3 -i 5 -w 1s -r 1s -f 1"
CPU_JMH = "-wi 1 -i 3 -w 1s -r 1s -f 1"
ALGOS = ("STANDARD", "PERSIST_STATIC_SMALL_H")
SHORT_ALGO = {"STANDARD": "standard", "PERSIST_STATIC_SMALL_H": "small-h"}
GRAPHS = "+graphs"
MIN_RUN_SECONDS = 15  # suffix of a variant whose training steps replay as CUDA graphs
# (our MathMode, PyTorch's --tf32, the row's label)
GPU_PAIRS = (("FP32", "off", "FP32 exact: ours FP32 / PyTorch TF32 off"),
             ("TF32", "on", "TF32: ours TF32 / PyTorch default"))


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jar", default=os.path.join("bench", "target", "benchmarks.jar"),
                    help="the shaded JMH jar (default bench/target/benchmarks.jar)")
    ap.add_argument("--cp", help="instead of --jar: a class path holding rnn4j, rnn4j-bench and"
                                 " their dependencies (JMH runs as org.openjdk.jmh.Main)")
    ap.add_argument("--shapes", default="tutorial,h256,b256t200")
    ap.add_argument("--modes", default="train",
                    help="comma-separated: train (a synchronize after every step), pipelined"
                         " (8 steps per synchronize; GPU only), infer")
    ap.add_argument("--cpu-only", action="store_true",
                    help="rnn4j cpu vs PyTorch cpu, tiny iteration counts")
    ap.add_argument("--algo", default="auto",
                    help="rnn4j's cuDNN algorithm(s), comma-separated: STANDARD,"
                         " PERSIST_STATIC_SMALL_H, or auto (default: what PyTorch picks for the"
                         " shape's LSTM, see algos_for)")
    ap.add_argument("--graphs", default="off", choices=("off", "on", "both"),
                    help="rnn4j's training steps as CUDA graphs (CudnnOptions.withGraphs):"
                         " off (default), on, or both as separate rows")
    ap.add_argument("--jmh", default=None,
                    help="JMH iteration options (default GPU: %r, CPU: %r)" % (GPU_JMH, CPU_JMH))
    ap.add_argument("--torch-warmup", type=int, default=None, help="default GPU 10, CPU 1")
    ap.add_argument("--torch-steps", type=int, default=None, help="default GPU 50, CPU 3")
    ap.add_argument("--cpu-threads", type=int, default=0,
                    help="--cpu-only: threads of both sides (0: each side's default, all cores)")
    ap.add_argument("--python", default=sys.executable, help="a Python with PyTorch")
    ap.add_argument("--out", default="/tmp/rnn4j-compare")
    ap.add_argument("--timeout", type=float, default=None, help="seconds per subprocess")
    ap.add_argument("--deadline", type=float, default=None,
                    help="a Unix time by which every run must have ended: later runs get only"
                         " the time left, none starts with under %d s left; the table is built"
                         " from what was measured (shapes run in the order given, ours then"
                         " PyTorch per shape)" % MIN_RUN_SECONDS)
    ap.add_argument("--table-only", action="store_true",
                    help="only build the table from the files already in --out")
    args = ap.parse_args(argv)
    gpu = not args.cpu_only
    args.jmh = args.jmh or (GPU_JMH if gpu else CPU_JMH)
    args.torch_warmup = args.torch_warmup if args.torch_warmup is not None else (10 if gpu else 1)
    args.torch_steps = args.torch_steps if args.torch_steps is not None else (50 if gpu else 3)
    args.shape_list = [s["name"] for s in shape_table.named(args.shapes)]
    args.hidden = {s["name"]: s["hidden"] for s in shape_table.named(args.shapes)}
    args.algo_list = [a.strip() for a in args.algo.split(",") if a.strip()]
    if not args.algo_list or any(a not in ("auto",) + ALGOS for a in args.algo_list):
        ap.error("--algo: a comma-separated list of auto, " + ", ".join(ALGOS))
    args.mode_list = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not args.mode_list or any(m not in JMH_METHOD for m in args.mode_list):
        ap.error("--modes: a comma-separated list of " + ", ".join(JMH_METHOD))
    if args.cpu_only and "pipelined" in args.mode_list:
        ap.error("--modes pipelined is GPU only")
    return args


def algos_for(args, shape, gpu):
    """Our cuDNN variants for a shape: an algorithm, with GRAPHS appended where the steps replay
    as CUDA graphs. auto = PyTorch's choice for an FP32 LSTM on unpacked input
    (aten/src/ATen/native/cudnn/RNN.cpp, get_algo and use_rnn_persist_small_h):
    PERSIST_STATIC_SMALL_H when the backward pass qualifies (H <= 128; the forward pass already
    does at H <= 192), else STANDARD. On the CPU there is no algorithm and no graph: STANDARD."""
    if not gpu:
        return ["STANDARD"]
    suffixes = {"off": [""], "on": [GRAPHS], "both": ["", GRAPHS]}[args.graphs]
    out = []
    for a in args.algo_list:
        if a == "auto":
            a = "PERSIST_STATIC_SMALL_H" if args.hidden[shape] <= 128 else "STANDARD"
        for suffix in suffixes:
            if a + suffix not in out:
                out.append(a + suffix)
    return out


def short_variant(variant):
    """'PERSIST_STATIC_SMALL_H+graphs' -> 'small-h+graphs'."""
    algo, graphs, _ = variant.partition(GRAPHS)
    return SHORT_ALGO.get(algo, algo) + graphs


def run_logged(cmd, log_path, timeout, deadline=None):
    """Runs cmd, echoing its output and appending it to log_path; returns the exit status. After
    `timeout` seconds, or at `deadline` (Unix time), its whole process group (JMH's forked JVMs
    included) is killed; with under MIN_RUN_SECONDS left before the deadline it does not start."""
    if deadline is not None:
        left = deadline - time.time()
        if left < MIN_RUN_SECONDS:
            with open(log_path, "a", encoding="utf-8") as log:
                log.write("not run: too little time left before the --deadline\n")
            print("not run (%d s left before the --deadline): %s" % (left, " ".join(cmd[:3])),
                  flush=True)
            return 124
        timeout = min(timeout or left, left)
    print("+ " + " ".join(shlex.quote(c) for c in cmd), flush=True)
    with open(log_path, "a", encoding="utf-8") as log:
        log.write("+ " + " ".join(shlex.quote(c) for c in cmd) + "\n")
        # child_env: torch_step.py imports rnn4j_torch, whichever --python runs it.
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                errors="replace", bufsize=1, start_new_session=True,
                                env=child_env())
        timer = None
        if timeout:
            timer = threading.Timer(timeout, os.killpg, (proc.pid, signal.SIGKILL))
            timer.start()
        try:
            for line in proc.stdout:
                sys.stdout.write(line)
                log.write(line)
            rc = proc.wait()
        finally:
            proc.stdout.close()
            if timer:
                timer.cancel()
        if timeout and rc == -signal.SIGKILL:
            log.write("\nkilled after the --timeout of %s s\n" % timeout)
            print("\nkilled after the --timeout of %s s" % timeout)
        return rc


def clear_outputs(out):
    for name in os.listdir(out):
        if name.startswith("ours") or name.startswith("torch"):
            os.remove(os.path.join(out, name))


def run_ours(args, gpu, shape):
    """One JMH run per variant of our model at this shape."""
    if args.cp:
        launcher = ["-cp", args.cp, "org.openjdk.jmh.Main"]
    elif os.path.isfile(args.jar):
        launcher = ["-jar", args.jar]
    else:
        print("rnn4j: no benchmark jar at %s (build it with mvn -B -pl bench -am package"
              " -DskipTests, or pass --cp)" % args.jar)
        return
    methods = "|".join(JMH_METHOD[m] for m in args.mode_list)
    for variant in algos_for(args, shape, gpu):
        algo, graphs, _ = variant.partition(GRAPHS)
        name = "ours-%s-%s.json" % (variant.replace(GRAPHS, "-graphs"), shape)
        cmd = [os.environ.get("JAVA", "java"), *launcher, BENCH % methods,
               "-p", "backend=" + ("cudnn" if gpu else "cpu"),
               "-p", "math=" + ("FP32,TF32" if gpu else "FP32"),
               "-p", "algo=" + algo,
               "-p", "graphs=" + ("true" if graphs else "false"),
               "-p", "shape=" + shape,
               "-p", "cpuThreads=%d" % args.cpu_threads,
               *shlex.split(args.jmh),
               "-rf", "json", "-rff", os.path.join(args.out, name),
               "-jvmArgsAppend", "-D%s=%s" % ("rnn4j.bench.memoryOut",
                                              os.path.join(args.out, "ours-memory.jsonl"))]
        run_logged(cmd, os.path.join(args.out, "ours.log"), args.timeout, args.deadline)


def run_torch(args, gpu, shape):
    script = os.path.join(HERE, "torch_step.py")
    base = [args.python, script, "--mode", ",".join(args.mode_list), "--warmup",
            str(args.torch_warmup), "--steps", str(args.torch_steps)]
    # On the GPU one process per configuration, so each one's device memory starts clean.
    runs = ([["--device", "cuda", "--shapes", shape, "--tf32", tf32] for _, tf32, _ in GPU_PAIRS]
            if gpu else [["--device", "cpu", "--shapes", shape, "--threads",
                          str(args.cpu_threads)]])
    for extra in runs:
        part = os.path.join(args.out, "torch-part.jsonl")
        if os.path.exists(part):
            os.remove(part)
        run_logged(base + extra + ["--json", part], os.path.join(args.out, "torch.log"),
                   args.timeout, args.deadline)
        if os.path.exists(part):
            with open(part, encoding="utf-8") as f, \
                    open(os.path.join(args.out, "torch.jsonl"), "a", encoding="utf-8") as out:
                out.write(f.read())
            os.remove(part)


def read_ours(out):
    """{(shape, mode, math, algo): (ms, error, JMH record, median)} and the memory records under
    (shape, mode, math, algo requested)."""
    times, memory = {}, {}
    for name in sorted(os.listdir(out)):
        if not (name.startswith("ours-") and name.endswith(".json")):
            continue
        for r in read_json(os.path.join(out, name), []):
            mode = MODE_OF[r["benchmark"].rsplit(".", 1)[1]]
            p = r["params"]
            m = r["primaryMetric"]
            raw = [v for fork in m.get("rawData", []) for v in fork]
            median = statistics.median(raw) if raw else None
            variant = p["algo"] + (GRAPHS if p.get("graphs") == "true" else "")
            times[(p["shape"], mode, p["math"], variant)] = (m["score"], m.get("scoreError"), r,
                                                             median)
    for r in read_json_lines(os.path.join(out, "ours-memory.jsonl")):
        mode = MODE_OF[r["benchmark"]]
        memory[(r["shape"], mode, r["math"], r.get("algo_requested", r["algo"]))] = r
    return times, memory


def read_torch(out):
    results = {}
    for r in read_json_lines(os.path.join(out, "torch.jsonl")):
        results[(r["shape"], r["mode"], r["tf32"])] = r
    return results


def fmt(v, digits=1):
    return "—" if v is None or (isinstance(v, float) and math.isnan(v)) else "%.*f" % (digits, v)


def ours_cell(t):
    if t is None:
        return "missing"
    score, err = t[0], t[1]
    if err is None or math.isnan(err):
        return fmt(score)
    return "%s ± %s" % (fmt(score), fmt(err))


def build_rows(args, gpu):
    times, memory = read_ours(args.out)
    torch_results = read_torch(args.out)
    pairs = GPU_PAIRS if gpu else (("FP32", "n/a", "FP32 (CPU)"),)
    rows = []
    for shape in args.shape_list:
        for mode in args.mode_list:
            for (ours_math, tf32, label), algo in [(pair, a) for pair in pairs
                                                   for a in algos_for(args, shape, gpu)]:
                t = times.get((shape, mode, ours_math, algo))
                p = torch_results.get((shape, mode, tf32))
                mem = memory.get((shape, mode, ours_math, algo))
                rows.append({
                    "shape": shape, "mode": mode, "math": label, "ours_math": ours_math,
                    "torch_tf32": tf32, "ours_algo_requested": algo,
                    "ours_ms": t[0] if t else None, "ours_ms_error": t[1] if t else None,
                    "ours_ms_median": t[3] if t else None,
                    "torch_ms": p["ms_mean"] if p else None,
                    "torch_ms_median": p["ms_median"] if p else None,
                    "ratio": t[0] / p["ms_mean"] if t and p else None,
                    "ours_mib": mem["device_delta_mib"] if mem else None,
                    "ours_algo": mem["algo"] if mem else None,
                    "torch_mib": p.get("device_delta_mib") if p else None,
                    "torch_alloc_mib": p.get("peak_alloc_mib") if p else None,
                    "torch_threads": p.get("threads") if p else None,
                })
    return rows, times, torch_results


def render(args, gpu, rows, times, torch_results):
    any_torch = next(iter(torch_results.values()), {})
    any_ours = next(iter(times.values()), (None, None, {}, None))[2]
    ours_params = (any_ours or {}).get("params", {})
    lines = []
    where = any_torch.get("gpu", "?") if gpu else any_torch.get("cpu", platform.processor())
    lines.append("rnn4j vs PyTorch, %s, %s, %s" % (
        "GPU: %s" % where if gpu else "CPU only: %s (%d cores)" % (where, os.cpu_count() or 0),
        "PyTorch %s%s" % (any_torch.get("torch", "?"),
                          ", cuDNN %s" % any_torch.get("cudnn", "?") if gpu else ""),
        datetime.date.today().isoformat()))
    lines.append("ours: JMH %s (JDK %s), mean ± 99.9%% CI over the measured iterations (each"
                 " runs whole steps for at least its time); PyTorch: %d steps after %d warm-up;"
                 " every timed call ends with a device synchronize"
                 % (args.jmh, (any_ours or {}).get("jdkVersion", "?"), args.torch_steps,
                    args.torch_warmup))
    if not gpu:
        lines.append("CPU: tiny iteration counts (a few steps each), indicative only; threads:"
                     " rnn4j cpu backend %s, PyTorch %s"
                     % (threads_label(ours_params.get("cpuThreads")),
                        rows[0]["torch_threads"] if rows else "?"))
    lines.append("")
    if gpu:
        lines.append("| shape | step | math | ours algo | ours ms | ours median | PyTorch ms"
                     " | PyTorch median | ours/PyTorch | ours MiB | PyTorch MiB"
                     " | PyTorch alloc peak MiB |")
        lines.append("| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    else:
        lines.append("| shape | step | math | ours ms | ours median | PyTorch ms | PyTorch median"
                     " | ours/PyTorch |")
        lines.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        ours = ours_cell((r["ours_ms"], r["ours_ms_error"]) if r["ours_ms"] is not None else None)
        cells = [r["shape"], r["mode"], r["math"]]
        if gpu:
            algo = short_variant(r["ours_algo_requested"])
            if r["ours_algo"] and r["ours_algo"] != r["ours_algo_requested"]:
                algo += " (fell back to %s)" % short_variant(r["ours_algo"])
            cells.append(algo)
        cells += [ours, fmt(r["ours_ms_median"]),
                 fmt(r["torch_ms"]) if r["torch_ms"] is not None else "missing",
                 fmt(r["torch_ms_median"]), fmt(r["ratio"], 2)]
        if gpu:
            cells += [fmt(r["ours_mib"], 0), fmt(r["torch_mib"], 0), fmt(r["torch_alloc_mib"], 0)]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    note = ("ms: mean per step; ours median: of the JMH iterations; ours/PyTorch: ratio of the"
            " means, > 1 means rnn4j is slower.")
    if gpu:
        note += (" MiB: device memory used after the timed calls minus before the model (CUDA"
                 " context excluded), one process per row.")
    lines.append(note)
    return "\n".join(lines)


def threads_label(value):
    if value is None:
        return "?"
    return "all (%d)" % (os.cpu_count() or 0) if str(value) == "0" else str(value)


def missing_reasons(out):
    reasons = []
    log = os.path.join(out, "ours.log")
    if os.path.exists(log):
        with open(log, encoding="utf-8") as f:
            reasons += sorted({line.strip() for line in f
                               if "not run:" in line or line.startswith("killed after")})
    log = os.path.join(out, "torch.log")
    if os.path.exists(log):
        with open(log, encoding="utf-8") as f:
            reasons += sorted({"torch_step.py: " + line.strip() for line in f
                               if line.strip() and not line.startswith(("+ ", "{"))})
    return reasons


def main(argv=None):
    args = parse_args(argv)
    gpu = not args.cpu_only
    os.makedirs(args.out, exist_ok=True)
    if not args.table_only:
        clear_outputs(args.out)
        for shape in args.shape_list:  # ours then PyTorch per shape: a deadline cuts whole shapes
            run_ours(args, gpu, shape)
            run_torch(args, gpu, shape)
    rows, times, torch_results = build_rows(args, gpu)
    table = render(args, gpu, rows, times, torch_results)
    with open(os.path.join(args.out, "table.md"), "w", encoding="utf-8") as f:
        f.write(table + "\n")
    with open(os.path.join(args.out, "results.json"), "w", encoding="utf-8") as f:
        json.dump(rows, f, indent=1)
    print()
    print(table)
    incomplete = [r for r in rows if r["ours_ms"] is None or r["torch_ms"] is None]
    if incomplete:
        print("\nmissing cells in %d row(s); see %s/ours.log and torch.log" % (len(incomplete),
                                                                               args.out))
        for reason in missing_reasons(args.out):
            print("  " + reason)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

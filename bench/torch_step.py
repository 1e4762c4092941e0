#!/usr/bin/env python3
"""Times one training step (forward + cross-entropy + backward + Adam) and one inference pass of
the tutorial's BiRNN in PyTorch, for comparison with rnn4j's JMH TrainStepBenchmark.

Shapes come from the table both sides share (rnn4j_torch.shapes; `--shapes tutorial,h256`).
The batch is the tutorial's: B reviews all padded/truncated to T tokens, random ids in [2, V)
(never zeros: timing on zeros flatters some kernels), a frozen embedding, dropout as given.

Timing is measured like JMH measures rnn4j: wall-clock time of each call including a device
synchronize at its end (so the GPU's work is timed, not the launches), after --warmup calls; the
GPU time between CUDA events around the same calls is reported as well (gpu_ms_mean). Modes:
train (one step per call, like TrainStepBenchmark.trainStep and like the tutorial's loop, which
reads every loss), pipelined (8 steps per call and one synchronize, like trainPipelined: launch
work overlaps the GPU's), infer (logits in eval mode under no_grad, like inference).

Math: --tf32 on leaves PyTorch's defaults (TF32 allowed in cuDNN, hence in its RNNs; matmuls
exact) and is compared with rnn4j's MathMode.TF32; --tf32 off disables TF32 in cuDNN and cuBLAS
(exact FP32) and is compared with MathMode.FP32. The flags' actual values go into the output.

Memory (CUDA): peak_alloc_mib is torch.cuda.max_memory_allocated (tensors only), peak_reserved_mib
the caching allocator's peak, and device_delta_mib the device's used memory (cudaMemGetInfo) after
the timed calls minus before the model, measured as rnn4j's benchmark measures its own. It also
counts cuDNN/cuBLAS workspaces and library kernels loaded on first use, so it is comparable only
for the first configuration in a process (first_in_process); bench/compare.py runs one process per
configuration for that reason.

Output: one JSON object per line on stdout and, with --json FILE, in FILE (with one configuration
the file is a plain JSON object).

Run from the repository root with PYTHONPATH=python (python/README.md). Examples:
  torch_step.py --shapes tutorial,h256,b256t200 --tf32 off,on --json out.jsonl
  torch_step.py --device cpu --shapes tiny --warmup 1 --steps 3
"""
import argparse
import gc
import json
import platform
import statistics
import time

import torch
import torch.nn.functional as F

from rnn4j_torch import shapes as shape_table
from rnn4j_torch.device import set_exact_fp32, sync, torch_device
from rnn4j_torch.model import BiRNN

MIB = 2.0 ** 20
PIPELINED = 8  # steps per timed call in --mode pipelined, as rnn4j's trainPipelined
OVERRIDABLE = ("batch", "len", "vocab", "embed", "hidden", "layers", "dropout")
# PyTorch's own defaults, captured before anything changes them ("--tf32 on" restores these).
DEFAULT_CUDNN_TF32 = torch.backends.cudnn.allow_tf32
DEFAULT_MATMUL_TF32 = torch.backends.cuda.matmul.allow_tf32


def set_tf32(mode):
    if mode == "off":
        set_exact_fp32(True)
    else:
        torch.backends.cudnn.allow_tf32 = DEFAULT_CUDNN_TF32
        torch.backends.cuda.matmul.allow_tf32 = DEFAULT_MATMUL_TF32


def used_bytes(device):
    free, total = torch.cuda.mem_get_info(device)
    return total - free


def build(shape, device, seed):
    torch.manual_seed(seed)
    model = BiRNN(shape["vocab"], shape["embed"], shape["hidden"], shape["layers"],
                  bidirectional=shape["bidirectional"], dropout=shape["dropout"],
                  classes=shape["classes"]).to(device)
    model.embedding.weight.requires_grad_(bool(shape["trainEmbedding"]))
    gen = torch.Generator().manual_seed(seed + 1)
    x = torch.randint(2, shape["vocab"], (shape["batch"], shape["len"]), generator=gen).to(device)
    y = torch.randint(0, shape["classes"], (shape["batch"],), generator=gen).to(device)
    return model, x, y


def time_calls(step, device, warmup, steps):
    """Wall-clock ms of each call including a synchronize, and (CUDA) the GPU's ms by events."""
    for _ in range(warmup):
        step()
        sync(device)
    wall, gpu = [], []
    for _ in range(steps):
        if device.type == "cuda":
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            t0 = time.perf_counter()
            start.record()
            step()
            end.record()
            end.synchronize()
            wall.append((time.perf_counter() - t0) * 1e3)
            gpu.append(start.elapsed_time(end))
        else:
            t0 = time.perf_counter()
            step()
            wall.append((time.perf_counter() - t0) * 1e3)
    return wall, gpu


def measure(shape, mode, tf32, device, args, first_in_process):
    """One configuration: builds the model, times it, and returns the result record."""
    if device.type == "cuda":
        set_tf32(tf32)
        gc.collect()
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats(device)
        before = used_bytes(device)
    model, x, y = build(shape, device, args.seed)
    opt = None
    if mode != "infer":
        opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-3)
    last = {}

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        last["loss"] = loss.detach()

    def infer_step():
        with torch.no_grad():
            last["logits"] = model(x)

    def pipelined_steps():
        for _ in range(PIPELINED):
            train_step()

    model.train(mode != "infer")
    step = {"train": train_step, "infer": infer_step, "pipelined": pipelined_steps}[mode]
    wall, gpu = time_calls(step, device, args.warmup, args.steps)
    per = PIPELINED if mode == "pipelined" else 1
    wall, gpu = [v / per for v in wall], [v / per for v in gpu]
    result = {
        "impl": "pytorch", "shape": shape["name"], "mode": mode, "device": device.type,
        **{k: shape[k] for k in shape_table.FIELDS},
        "tf32": tf32 if device.type == "cuda" else "n/a",
        "warmup": args.warmup, "steps": args.steps,
        "ms_mean": statistics.fmean(wall), "ms_median": statistics.median(wall),
        "ms_min": min(wall), "ms_stdev": statistics.stdev(wall) if len(wall) > 1 else 0.0,
        "threads": torch.get_num_threads(), "torch": torch.__version__,
        "first_in_process": first_in_process,
    }
    if mode != "infer":
        result["loss_last"] = float(last["loss"])
    if device.type == "cuda":
        result.update({
            "gpu_ms_mean": statistics.fmean(gpu), "gpu_ms_median": statistics.median(gpu),
            "cudnn_allow_tf32": torch.backends.cudnn.allow_tf32,
            "matmul_allow_tf32": torch.backends.cuda.matmul.allow_tf32,
            "peak_alloc_mib": torch.cuda.max_memory_allocated(device) / MIB,
            "peak_reserved_mib": torch.cuda.max_memory_reserved(device) / MIB,
            "device_delta_mib": (used_bytes(device) - before) / MIB,
            "cudnn": torch.backends.cudnn.version(), "gpu": torch.cuda.get_device_name(device),
        })
        result["peak_mib"] = result["peak_alloc_mib"]  # the name older readers use
    else:
        result["cpu"] = cpu_name()
    del model, opt, x, y, last
    return result


def cpu_name():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def split(text, allowed, what):
    items = [v.strip() for v in text.split(",") if v.strip()]
    bad = [v for v in items if v not in allowed]
    if bad or not items:
        raise SystemExit("--%s: expected a comma-separated list of %s, got %r" % (what, allowed, text))
    return items


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shapes", default="tutorial",
                    help="comma-separated names from the shapes table (python3 -m"
                         " rnn4j_torch.shapes lists them; default tutorial)")
    for field in OVERRIDABLE:
        ap.add_argument("--" + field, type=float if field == "dropout" else int, default=None,
                        help="override the shapes' %s" % field)
    ap.add_argument("--mode", default="train",
                    help="comma-separated: train (one step per timed call), infer, pipelined (%d"
                         " steps per timed call, one synchronize; ms are per step)" % PIPELINED)
    ap.add_argument("--tf32", default="on",
                    help="on (PyTorch's default), off (exact FP32), or on,off; CUDA only")
    ap.add_argument("--device", default="cuda", help="cuda (default), cuda:N or cpu")
    ap.add_argument("--threads", type=int, default=0, help="CPU threads (0: PyTorch's default)")
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", help="also write the results here, one JSON object per line")
    return ap.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if args.warmup < 0 or args.steps < 1:
        raise SystemExit("--warmup must be >= 0 and --steps >= 1")
    device = torch_device(args.device)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    try:
        chosen = shape_table.named(args.shapes)
    except ValueError as e:
        raise SystemExit("--shapes: %s" % e)
    overrides = {k: getattr(args, k) for k in OVERRIDABLE if getattr(args, k) is not None}
    modes = split(args.mode, ("train", "infer", "pipelined"), "mode")
    tf32s = split(args.tf32, ("on", "off"), "tf32") if device.type == "cuda" else ["n/a"]
    out = open(args.json, "w", encoding="utf-8") if args.json else None
    first = True
    try:
        for shape in chosen:
            shape = dict(shape, **overrides)
            for tf32 in tf32s:
                for mode in modes:
                    result = measure(shape, mode, tf32, device, args, first)
                    first = False
                    line = json.dumps(result)
                    print(line, flush=True)
                    if out:
                        out.write(line + "\n")
                        out.flush()
    finally:
        if out:
            out.close()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Times one training step (forward + cross-entropy + backward + Adam) and one inference pass of
the tutorial's BiRNN in PyTorch on the GPU, for comparison with rnn4j's GpuCheck/JMH figures.

The batch is the tutorial's: B reviews all padded/truncated to T tokens, random ids (never zeros:
timing on zeros flatters some kernels), a frozen embedding of V rows, dropout as given. Timing:
CUDA events around `--steps` steps after `--warmup` steps; prints the median and mean ms/step and
the peak memory PyTorch's allocator saw (torch.cuda.max_memory_allocated).

Example: torch_step.py --batch 64 --len 500 --vocab 50000 --hidden 100 --tf32 on --json out.json
"""
import argparse
import json
import os
import statistics
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "python"))
from birnn import BiRNN, set_exact_fp32  # noqa: E402


def measure(args):
    device = torch.device("cuda")
    torch.manual_seed(0)
    set_exact_fp32(args.tf32 == "off")
    model = BiRNN(args.vocab, args.embed, args.hidden, args.layers, True, args.dropout).to(device)
    model.embedding.weight.requires_grad_(False)
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-3)
    x = torch.randint(2, args.vocab, (args.batch, args.len), device=device)
    y = torch.randint(0, 2, (args.batch,), device=device)

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss

    def infer_step():
        with torch.no_grad():
            return model(x)

    step = train_step if args.mode == "train" else infer_step
    model.train(args.mode == "train")
    for _ in range(args.warmup):
        step()
    torch.cuda.synchronize()
    torch.cuda.reset_peak_memory_stats()
    times = []
    for _ in range(args.steps):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        step()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end))
    return {
        "impl": "pytorch", "mode": args.mode, "batch": args.batch, "len": args.len,
        "vocab": args.vocab, "embed": args.embed, "hidden": args.hidden, "layers": args.layers,
        "tf32": args.tf32, "ms_median": statistics.median(times), "ms_mean": statistics.fmean(times),
        "peak_mib": torch.cuda.max_memory_allocated() / 2**20,
        "torch": torch.__version__, "cudnn": torch.backends.cudnn.version(),
        "gpu": torch.cuda.get_device_name(0),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--len", type=int, default=500)
    ap.add_argument("--vocab", type=int, default=50000)
    ap.add_argument("--embed", type=int, default=100)
    ap.add_argument("--hidden", type=int, default=100)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--mode", choices=("train", "infer"), default="train")
    ap.add_argument("--tf32", choices=("on", "off"), default="on",
                    help="on = PyTorch's default for cuDNN RNNs; off = exact FP32")
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--json")
    args = ap.parse_args()
    result = measure(args)
    print(json.dumps(result))
    if args.json:
        json.dump(result, open(args.json, "w"), indent=1)


if __name__ == "__main__":
    main()

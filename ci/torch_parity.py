#!/usr/bin/env python3
"""Same weights, same batch: rnn4j (cudnn and cpu backends) against PyTorch on the GPU.

PyTorch runs nn.LSTM, nn.GRU or nn.RNN, by the model config's cell.

Usage: torch_parity.py DIR [--json OUT]   (from the repository root, with PYTHONPATH=python)
DIR is written by `GpuCheck parity DIR` (org.rnn4j.ci.GpuCheck, the ci module):
weights.safetensors (the model, PyTorch state_dict names, config in the metadata), batch.json
(token ids per review, labels) and cudnn.safetensors / cpu.safetensors (logits, loss and every
gradient, as "grad.<name>").
PyTorch runs in exact FP32 (TF32 off) with packed sequences, i.e. rnn4j's padding-correct pooling.
Tolerance |ours - torch| <= atol + rtol * |torch|, atol = 1e-5 and rtol = 1e-3: both sides are
FP32, but cuDNN and PyTorch's own kernels sum the recurrence in different orders, and gradients
accumulate over up to T steps.
"""
import argparse
import json
import os
import sys

import torch
import torch.nn.functional as F
from safetensors.torch import load_file

from rnn4j_torch.device import set_exact_fp32
from rnn4j_torch.metadata import read_file_config
from rnn4j_torch.model import BiRNN

ATOL, RTOL = 1e-5, 1e-3


def torch_reference(directory, device):
    path = os.path.join(directory, "weights.safetensors")
    model = BiRNN.from_config(read_file_config(path)).to(device)
    model.load_state_dict(load_file(path, device=str(device)), strict=True)
    batch = json.load(open(os.path.join(directory, "batch.json")))
    seqs, labels = batch["ids"], batch["labels"]
    lengths = torch.tensor([len(s) for s in seqs])
    ids = torch.zeros(len(seqs), int(lengths.max()), dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, :len(s)] = torch.tensor(s)
    ids, y = ids.to(device), torch.tensor(labels, device=device)
    model.train()  # dropout is 0 in parity configs; train() keeps cuDNN's training path
    logits = model.forward_packed(ids, lengths)
    loss = F.cross_entropy(logits, y)
    loss.backward()
    out = {"logits": logits.detach(), "loss": loss.detach().reshape(1)}
    for name, p in model.named_parameters():
        if p.requires_grad:
            out["grad." + name] = p.grad.detach()
    return out


def compare(ours, ref):
    rows, ok = [], True
    for name, r in ref.items():
        if name not in ours:
            rows.append((name, float("nan"), False, "missing"))
            ok = False
            continue
        a = ours[name].to(r.device).float().reshape(r.shape)
        diff = (a - r).abs()
        bad = diff > ATOL + RTOL * r.abs()
        rows.append((name, float(diff.max()), not bool(bad.any()), "%d/%d off" % (int(bad.sum()), r.numel())))
        ok &= not bool(bad.any())
    return ok, rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("--json")
    ap.add_argument("--require", action="append", default=[], choices=("cudnn", "cpu"),
                    help="fail unless this backend's results exist (the GPU check requires cudnn,"
                    " also on a machine where PyTorch sees no GPU)")
    args = ap.parse_args()
    set_exact_fp32(True)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    ref = torch_reference(args.dir, device)
    summary = {}
    for backend in ("cudnn", "cpu"):
        path = os.path.join(args.dir, backend + ".safetensors")
        if not os.path.exists(path):
            continue
        ok, rows = compare(load_file(path), ref)
        worst = max(r[1] for r in rows)
        summary[backend] = {"ok": ok, "max_abs_diff": worst,
                            "tensors": {r[0]: {"max_abs_diff": r[1], "ok": r[2]} for r in rows}}
        print("%s vs torch (%s): %s, max |diff| %.3g" % (backend, device, "PASS" if ok else "FAIL", worst))
        for name, d, good, note in rows:
            if not good:
                print("   %-40s max |diff| %.3g  %s" % (name, d, note))
    required = set(args.require) | ({"cudnn"} if device.type == "cuda" else set())
    for backend in sorted(required - set(summary)):
        print("%s: no results (%s/%s.safetensors is missing) although they are required%s: the"
              " parity check FAILS" % (backend, args.dir, backend,
                                       " (this machine has a GPU)" if device.type == "cuda" else ""))
        summary[backend] = {"ok": False, "max_abs_diff": float("nan"), "tensors": {},
                            "missing": True}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(summary, f, indent=1)
    sys.exit(0 if summary and all(v["ok"] for v in summary.values()) else 1)


if __name__ == "__main__":
    main()

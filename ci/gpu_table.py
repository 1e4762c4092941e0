#!/usr/bin/env python3
"""Prints the short table at the end of ci/gpu-check.sh from the JSON files it wrote to OUT."""
import json
import os
import re
import sys


def load(out, name):
    path = os.path.join(out, name)
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def text(out, name):
    try:
        with open(os.path.join(out, name)) as f:
            return f.read().strip()
    except OSError:
        return ""


def main(out):
    print("card:    %s" % (text(out, "gpu.txt") or "unknown"))
    print("stack:   %s" % (text(out, "torch.txt") or "unknown"))
    print("rnn4j:   %s" % (text(out, "probe.txt") or "unknown"))
    tests = text(out, "gpu-tests.txt")
    found = re.findall(r"(\d+) tests (successful|failed|skipped|aborted)", tests)
    print("tests:   %s" % (", ".join("%s %s" % (n, w) for n, w in found) or "no summary"))
    parity = load(out, "parity.json") or {}
    for backend, r in parity.items():
        print("parity:  %-5s vs PyTorch: %s (max |diff| %.2e)" % (backend, "PASS" if r["ok"] else "FAIL", r["max_abs_diff"]))
    print("%-28s %12s %12s %8s %12s %12s" % ("training step B64 T500 H100", "rnn4j ms", "PyTorch ms",
                                             "speedup", "rnn4j MiB", "PyTorch MiB"))
    for m in ("fp32", "tf32"):
        ours, torch = load(out, "ours-%s.json" % m), load(out, "torch-%s.json" % m)
        if ours and torch:
            print("%-28s %12.2f %12.2f %7.2fx %12.0f %12.0f" % (
                m, ours["ms_per_step"], torch["ms_median"], torch["ms_median"] / ours["ms_per_step"],
                ours["model_mib_after_warmup"], torch["peak_mib"]))
        else:
            print("%-28s %s" % (m, "missing (see the log)"))
    imdb = load(out, "imdb.json")
    if imdb:
        ep = imdb["epochs"][-1]
        print("IMDB 1 epoch (cudnn): test accuracy %.4f, %.1f s train, %.0f reviews/s" % (
            imdb["test_accuracy"], ep["seconds"], ep["reviews_per_second"]))
    else:
        print("IMDB 1 epoch: missing (see the log)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "out")

#!/usr/bin/env python3
"""Prints the short table at the end of ci/gpu-check.sh from the JSON files it wrote to OUT."""
import os
import sys

from rnn4j_torch.files import read_json
from rnn4j_torch.junit import describe


def load(out, name):
    return read_json(os.path.join(out, name))


def text(out, name):
    try:
        with open(os.path.join(out, name)) as f:
            return f.read().strip()
    except OSError:
        return ""


def main(out):
    print("card:    %s" % (text(out, "gpu.txt") or "unknown"))
    print("stack:   %s" % (text(out, "torch.txt") or "unknown"))
    print("os:      %s" % (text(out, "os.txt").replace("\n", "; ") or "unknown"))
    print("rnn4j:   %s" % (text(out, "probe.txt") or "unknown"))
    pieces = load(out, "junit-pieces.json")
    print("pieces:  %s" % (describe(pieces) if pieces else "not run"))
    if pieces and pieces.get("first_failure"):
        print("FIRST FAILING PIECE: %s" % pieces["first_failure"]["test"])
    tests = load(out, "junit.json")
    print("tests:   %s" % (describe(tests) if tests else "not run"))
    parity = load(out, "parity.json") or {}
    for backend, r in parity.items():
        print("parity:  %-5s vs PyTorch: %s (max |diff| %.2e)%s" % (
            backend, "PASS" if r["ok"] else "FAIL", r["max_abs_diff"],
            " (no results)" if r.get("missing") else ""))
    stages = load(out, "stages.json") or []
    for r in stages:
        m = r.get("primaryMetric", {})
        print("stage:   %-45s %9.3f %s" % (r.get("benchmark", "?").rsplit(".", 1)[-1],
                                             m.get("score", float("nan")), m.get("scoreUnit", "")))
    table = text(out, os.path.join("compare", "table.md"))
    print(table or "training-step table: missing (see the log)")
    imdb = load(out, "imdb.json")
    if imdb:
        ep = imdb["epochs"][-1]
        training = imdb.get("config", {}).get("training", {})
        print("IMDB 1 epoch, rnn4j cudnn:      test accuracy %.4f, %6.1f s/epoch, %6.0f reviews/s"
              " (%s; lr %s, bucket %s, padded to each batch's longest review)" % (
                  imdb["test_accuracy"], ep["seconds"], ep["reviews_per_second"],
                  imdb.get("device", "?"), training.get("lr", "?"),
                  training.get("bucket_batches", "?")))
    else:
        print("IMDB 1 epoch, rnn4j: missing (see the log)")
    tut = load(out, "tutorial.json")
    if tut and tut.get("epochs"):
        ep = tut["epochs"][-1]
        st = tut.get("settings", {})
        print("IMDB 1 epoch, PyTorch tutorial: test accuracy %.4f, %s (lr %s, TF32 %s, every"
              " review padded to %s)" % (
                  ep.get("test_acc", float("nan")),
                  ", ".join("%s %s" % (k, ep[k]) for k in ep if k not in ("test_acc", "epoch")),
                  st.get("lr", "?"), st.get("tf32", "?"), st.get("max_len", "?")))
    else:
        print("IMDB 1 epoch, PyTorch tutorial: missing (see the log)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "out")

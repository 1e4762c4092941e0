#!/usr/bin/env python3
"""Writes torch-cells.json, PyTorch's own results for every cell, which rnn4j's Java tests read.

For each of nn.LSTM, nn.GRU, nn.RNN(tanh) and nn.RNN(relu) in the tutorial's BiRNN (two
bidirectional layers, a trainable embedding, max and mean pooling over each review's real
steps): PyTorch's default initial weights (float32), one ragged batch, and the logits, loss and
every gradient that PyTorch computes from them in float64 with packed sequences. The Java tests
check the double-precision reference against these to ~1e-12 and the float CPU model to its
float tolerance, so a misreading of PyTorch's formulas that the reference and the CPU model
shared would still fail, without torch on the test machine. The output is committed under
java/src/test/resources/org/rnn4j/cpu/; rerun only to regenerate it:

    pip install torch
    PYTHONPATH=python python3 ci/make_cell_fixtures.py java/src/test/resources/org/rnn4j/cpu
"""
import json
import sys
from pathlib import Path

import torch
import torch.nn.functional as F

from rnn4j_torch.metadata import CELLS, model_config
from rnn4j_torch.model import BiRNN

IDS = [[3, 7, 1, 11, 5, 2], [9, 4, 4], [6]]  # ragged, with <unk> (1); no padding id inside
LABELS = [1, 0, 1]


def case(cell, seed):
    config = model_config(12, 4, 3, 2, train_embedding=True, pooling="max_mean", cell=cell)
    torch.manual_seed(seed)
    model = BiRNN.from_config(config)
    weights = {name: t.detach().flatten().tolist() for name, t in model.state_dict().items()}
    model = model.double().train()  # dropout is 0; the float32 weights are exact in float64
    lengths = torch.tensor([len(s) for s in IDS])
    ids = torch.zeros(len(IDS), int(lengths.max()), dtype=torch.long)
    for i, s in enumerate(IDS):
        ids[i, :len(s)] = torch.tensor(s)
    logits = model.forward_packed(ids, lengths)
    loss = F.cross_entropy(logits, torch.tensor(LABELS))
    loss.backward()
    grads = {name: p.grad.flatten().tolist() for name, p in model.named_parameters()}
    return {"config": config, "weights": weights, "ids": IDS, "labels": LABELS,
            "logits": logits.detach().flatten().tolist(), "loss": loss.item(), "gradients": grads,
            "torch": torch.__version__}


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    target.mkdir(parents=True, exist_ok=True)
    cases = {cell: case(cell, 10 + k) for k, cell in enumerate(CELLS)}
    out = target / "torch-cells.json"
    out.write_text(json.dumps(cases, indent=1) + "\n")
    print("wrote", out)

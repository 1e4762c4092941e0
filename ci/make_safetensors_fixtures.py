#!/usr/bin/env python3
"""Writes the reference safetensors files that rnn4j's Java tests read.

The files are produced by the reference implementation itself (safetensors.torch.save_file), so
the Java reader is checked against real output, not against our reading of the spec. The outputs
are committed under java/src/test/resources/org/rnn4j/store/; rerun only to regenerate them:

    pip install torch safetensors
    PYTHONPATH=python python3 ci/make_safetensors_fixtures.py java/src/test/resources/org/rnn4j/store

Every value is exactly representable in its dtype, so the Java test can state the expected floats.
SafeTensorsReferenceTest holds the same numbers; change both together.
"""
import sys
from pathlib import Path

import torch
from safetensors.torch import save_file

from rnn4j_torch.metadata import config_metadata, model_config
from rnn4j_torch.model import BiRNN


def mixed(out: Path) -> None:
    tensors = {
        "w32": torch.tensor([[1.0, -2.5, 0.5], [3.0, 1e-3, -0.0]], dtype=torch.float32),
        "h16": torch.tensor([1.0, -2.5, 2.0**-10, 65504.0, 2.0**-24], dtype=torch.float16),
        "b16": torch.tensor([1.0, -3.0, 3.140625, 2.0**-100], dtype=torch.bfloat16),
        "d64": torch.tensor([0.1, -1e-3], dtype=torch.float64),
        "scalar": torch.tensor(7.5, dtype=torch.float32),
        "empty": torch.zeros(0, 3, dtype=torch.float32),
    }
    save_file(tensors, str(out / "torch-mixed.safetensors"),
              metadata={"note": "h\u00e9llo \u2713", "answer": "42"})


def birnn(out: Path) -> None:
    """A tiny BiRNN state_dict: tensor k (state_dict order) holds k + arange(numel) / 8."""
    config = model_config(7, 3, 2, 2, dropout=0.0)
    torch.manual_seed(0)
    model = BiRNN.from_config(config)
    state = {}
    for k, (name, t) in enumerate(model.state_dict().items()):
        state[name] = (k + torch.arange(t.numel(), dtype=torch.float32) / 8).reshape(t.shape)
    save_file(state, str(out / "torch-birnn.safetensors"), metadata=config_metadata(config))


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    target.mkdir(parents=True, exist_ok=True)
    mixed(target)
    birnn(target)
    print("wrote", sorted(p.name for p in target.glob("torch-*.safetensors")))

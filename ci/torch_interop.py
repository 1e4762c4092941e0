#!/usr/bin/env python3
"""PyTorch <-> rnn4j weight interchange check (needs torch and safetensors; not run by CI).

rnn4j saves model weights as safetensors with PyTorch's state_dict names for the tutorial's BiRNN
(embedding -> nn.LSTM, nn.GRU or nn.RNN -> nn.Linear on the pooled outputs; rnn4j_torch.model),
and the model's shape as JSON in the header metadata under "model_config" (the Java record
org.rnn4j.model.ModelConfig's field names; rnn4j_torch.metadata reads and writes it):

    {"vocabSize": V, "embedSize": E, "trainEmbedding": false, "hiddenSize": H, "layers": L,
     "bidirectional": true, "dropout": 0.3, "classes": 2}

Run from the repository root with PYTHONPATH=python (python/README.md); org.rnn4j.train's
TorchInteropTest runs it so under Maven.

Subcommands:
    check-load FILE [--tokens "2 3 4"]
        load FILE written by rnn4j (e.g. CHECKPOINT_DIR/model.safetensors) with
        safetensors.torch.load_file into a BiRNN built from its metadata, strict=True;
        print OK, the parameter count and, with --tokens, the eval-mode logits of that one review.
    export FILE --vocab V --embed E --hidden H --layers L [--dropout P] [--seed S]
        save a freshly initialised BiRNN's state_dict with safetensors.torch.save_file and
        rnn4j's metadata, so that rnn4j can start from it (--init-from FILE).

Exit status 0 on success, 1 with a message on a mismatch.
"""
import argparse
import sys

import torch

from rnn4j_torch.metadata import CELLS, config_metadata, model_config, read_config
from rnn4j_torch.model import BiRNN


def check_load(args):
    from safetensors import safe_open
    from safetensors.torch import load_file

    with safe_open(args.file, framework="pt") as f:
        meta = f.metadata()
    try:
        config = read_config(meta, args.file)
    except ValueError as e:
        sys.exit("FAIL: %s" % e)
    model = BiRNN.from_config(config)
    state = load_file(args.file)
    model.load_state_dict(state, strict=True)  # raises on a missing, extra or misshapen tensor
    count = sum(t.numel() for t in model.state_dict().values())
    print(f"OK {args.file}: {len(state)} tensors, {count} parameters")
    if args.tokens:
        ids = torch.tensor([[int(t) for t in args.tokens.split()]], dtype=torch.long)  # [1, T]
        model.eval()
        with torch.no_grad():
            print("logits", " ".join(f"{v:.7g}" for v in model(ids)[0].tolist()))


def export(args):
    from safetensors.torch import save_file

    config = model_config(args.vocab, args.embed, args.hidden, args.layers, dropout=args.dropout,
                          cell=args.cell)
    torch.manual_seed(args.seed)
    model = BiRNN.from_config(config)
    state = {k: v.contiguous() for k, v in model.state_dict().items()}
    save_file(state, args.file, metadata=config_metadata(config))
    print(f"wrote {args.file}: {len(state)} tensors")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check-load", help="load an rnn4j safetensors file into BiRNN")
    c.add_argument("file")
    c.add_argument("--tokens", help="space-separated token ids of one review to run forward")
    c.set_defaults(run=check_load)
    e = sub.add_parser("export", help="save a fresh BiRNN for rnn4j --init-from")
    e.add_argument("file")
    e.add_argument("--vocab", type=int, required=True)
    e.add_argument("--embed", type=int, default=100)
    e.add_argument("--hidden", type=int, default=100)
    e.add_argument("--layers", type=int, default=2)
    e.add_argument("--dropout", type=float, default=0.3)
    e.add_argument("--seed", type=int, default=0)
    e.add_argument("--cell", choices=CELLS, default="lstm")
    e.set_defaults(run=export)
    args = p.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()

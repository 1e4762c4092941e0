"""The benchmark shapes, read from the one table both sides use.

The table is the JMH benchmarks' resource `bench/src/main/resources/org/rnn4j/bench/shapes.json`
(org.rnn4j.bench.BenchShape reads the same file from the jar), so a shape called `tutorial` is the
same model and batch for rnn4j and for PyTorch by construction.
`python3 -m rnn4j_torch.shapes` lists them.
"""
import json
import os

from rnn4j_torch import ROOT

TABLE = os.path.join(ROOT, "bench", "src", "main", "resources", "org", "rnn4j", "bench",
                     "shapes.json")
FIELDS = ("batch", "len", "vocab", "embed", "trainEmbedding", "hidden", "layers", "bidirectional",
          "dropout", "classes")


def all_shapes():
    """name -> dict of the shape's fields (batch, len, vocab, embed, ...), in the table's order."""
    with open(TABLE, encoding="utf-8") as f:
        table = json.load(f)
    out = {}
    for s in table["shapes"]:
        missing = [k for k in FIELDS if k not in s]
        if missing:
            raise ValueError("shape %r in %s lacks %s" % (s.get("name"), TABLE, missing))
        out[s["name"]] = s
    return out


def named(names):
    """The shapes for a comma-separated list (or a list) of names, in the order given."""
    if isinstance(names, str):
        names = [n.strip() for n in names.split(",") if n.strip()]
    table = all_shapes()
    unknown = [n for n in names if n not in table]
    if unknown:
        raise ValueError("unknown shape(s) %s; known: %s" % (unknown, ", ".join(table)))
    return [table[n] for n in names]


if __name__ == "__main__":
    for name, s in all_shapes().items():
        print("%-10s %s" % (name, s.get("description", "")))

#!/usr/bin/env python3
"""The tutorial's IMDB sentiment recipe in PyTorch, end to end: seconds per epoch and test
accuracy, the baseline for rnn4j's ImdbBiLstm example on the same GPU.

Recipe (as the tutorial does it):
- Data: the 25,000 train and 25,000 test reviews of aclImdb (label 1 = pos, 0 = neg), read from
  the extracted `aclImdb/` folder or straight from `aclImdb_v1.tar.gz` (tarfile; train/unsup and
  the other files are skipped).
- Tokenizer: HTML tags (`<[^>]+>`) become a space; every character of
  ! " # $ % & ( ) * + , - . / : ; < = > ? @ [ \\ ] ^ _ ` { | } ~ \\t \\n \\x97 \\x96 ” “
  becomes a space; lower-case; split on white space (rnn4j's Tokenizer implements the same rules).
- Vocabulary from train: `<pad>` = 0, `<unk>` = 1, then the words seen at least --min-freq (5)
  times, by descending count, ties alphabetical. Every review is truncated or padded with 0 to
  --max-len (500) tokens; the model sees the padding (the tutorial's `out[-1]` is usually a pad).
- Embedding: frozen GloVe (--glove, 100-d; .txt, .txt.gz or the glove.6B.zip). Words without a
  vector get zeros by default (--missing zeros, as the tutorial's TokenEmbedding does), or draws
  from N(0, s^2), s the standard deviation of the loaded components (--missing random, rnn4j's
  choice); `<pad>` is always zeros.
- Model: nn.Embedding -> nn.LSTM(100, 100, num_layers=2, bidirectional=True, dropout=0.3) fed
  [T, B, E] -> Linear(400, 2) on cat(out[0], out[-1]) (rnn4j_torch.model), PyTorch's default
  initialisation (--init xavier for the tutorial's xavier_uniform_ on the weight matrices).
- Training: Adam (--lr 0.01, the d2l.ai tutorial's rate) over the parameters that require gradients, nn.CrossEntropyLoss
  (mean; the tutorial sums per batch, which with Adam changes only the epsilon's weight), batch
  64, reshuffled every epoch. TF32 is PyTorch's default (--tf32 off for exact FP32).

Timing: loading (read, tokenize, vocabulary, encode, GloVe) is reported apart from training. An
epoch's time runs from a device synchronize before its first batch to one after its last; it
includes indexing each batch on the host and copying it to the device (as the tutorial's
DataLoader does, unpinned), but no evaluation; evaluation is timed separately. Losses and accuracy
are accumulated on the device, so the loop itself adds no host synchronization.

Run from the repository root with PYTHONPATH=python (python/README.md).
Example (GPU):  torch_tutorial_imdb.py --data aclImdb_v1.tar.gz --glove glove.6B.100d.txt.gz
Quick test:     torch_tutorial_imdb.py --device cpu --limit 500 --json /tmp/imdb.json
"""
import argparse
import collections
import gzip
import io
import json
import math
import os
import re
import tarfile
import time
import zipfile

import torch
from torch import nn

from rnn4j_torch.device import set_exact_fp32, sync, torch_device
from rnn4j_torch.model import BiRNN

REVIEW = re.compile(r"(?:^|/)aclImdb/(train|test)/(pos|neg)/(\d+)_(\d+)\.txt$")
TAG = re.compile(r"<[^>]+>")
PUNCTUATION = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n\x97\x96\u201d\u201c"
TO_SPACE = str.maketrans({c: " " for c in PUNCTUATION})
PAD, UNK = 0, 1


def tokenize(text):
    """The tutorial's tokenizer: tags and punctuation to spaces, lower-case, split."""
    return TAG.sub(" ", text).translate(TO_SPACE).lower().split()


def read_reviews(path):
    """{'train': [(text, label)], 'test': [...]}, sorted by (label, id) for a stable order."""
    found = {"train": [], "test": []}

    def add(name, read):
        m = REVIEW.search(name.replace(os.sep, "/"))
        if m:
            split, sentiment, review_id = m.group(1), m.group(2), int(m.group(3))
            label = 1 if sentiment == "pos" else 0
            found[split].append((label, review_id, read().decode("utf-8")))

    if os.path.isdir(path):
        root = path if os.path.isdir(os.path.join(path, "train")) else os.path.join(path, "aclImdb")
        for split in ("train", "test"):
            for sentiment in ("pos", "neg"):
                folder = os.path.join(root, split, sentiment)
                for name in os.listdir(folder):
                    full = os.path.join(folder, name)
                    with open(full, "rb") as f:
                        add("aclImdb/%s/%s/%s" % (split, sentiment, name), f.read)
    else:
        with tarfile.open(path, "r:*") as tar:
            for member in tar:
                if member.isfile() and REVIEW.search(member.name):
                    add(member.name, tar.extractfile(member).read)
    for split, items in found.items():
        if not items:
            raise SystemExit("no %s reviews found in %s (expected aclImdb/%s/{pos,neg}/ID_RATING.txt)"
                             % (split, path, split))
        items.sort(key=lambda r: (r[0], r[1]))
        found[split] = [(text, label) for label, _, text in items]
    return found


def subset(items, limit, seed):
    if not limit or limit >= len(items):
        return items
    g = torch.Generator().manual_seed(seed)
    keep = sorted(torch.randperm(len(items), generator=g)[:limit].tolist())
    return [items[i] for i in keep]


def build_vocab(token_lists, min_freq):
    counts = collections.Counter(w for tokens in token_lists for w in tokens)
    words = sorted((w for w, c in counts.items() if c >= min_freq), key=lambda w: (-counts[w], w))
    itos = ["<pad>", "<unk>"] + [w for w in words if w not in ("<pad>", "<unk>")]
    return itos, {w: i for i, w in enumerate(itos)}


def encode(token_lists, stoi, max_len):
    out = torch.zeros((len(token_lists), max_len), dtype=torch.long)
    for i, tokens in enumerate(token_lists):
        ids = [stoi.get(w, UNK) for w in tokens[:max_len]]
        if ids:
            out[i, :len(ids)] = torch.tensor(ids, dtype=torch.long)
    return out


def open_glove(path):
    if path.endswith(".zip"):
        z = zipfile.ZipFile(path)
        names = [n for n in z.namelist() if n.endswith("100d.txt")] or \
            [n for n in z.namelist() if n.endswith(".txt")]
        if not names:
            raise SystemExit("no GloVe .txt file in %s" % path)
        return io.TextIOWrapper(z.open(names[0]), encoding="utf-8")
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def glove_embedding(path, itos, stoi, dim, missing, seed):
    """[V, dim] with GloVe rows where the word has a vector; returns (weights, words found)."""
    weights = torch.zeros((len(itos), dim))
    have = torch.zeros(len(itos), dtype=torch.bool)
    total, total_sq, n = 0.0, 0.0, 0
    with open_glove(path) as f:
        for line_no, line in enumerate(f, 1):
            parts = line.rstrip("\n").rstrip(" ").split(" ")
            if len(parts) != dim + 1:
                raise SystemExit("%s line %d: %d values, expected %d (--embed)"
                                 % (path, line_no, len(parts) - 1, dim))
            values = [float(v) for v in parts[1:]]
            total += sum(values)
            total_sq += sum(v * v for v in values)
            n += dim
            i = stoi.get(parts[0])
            if i is not None and i > UNK:
                weights[i] = torch.tensor(values)
                have[i] = True
    if missing == "random" and n:
        std = math.sqrt(max(total_sq / n - (total / n) ** 2, 0.0))
        g = torch.Generator().manual_seed(seed)
        absent = (~have).nonzero().flatten()
        absent = absent[absent != PAD]
        weights[absent] = torch.randn((len(absent), dim), generator=g) * std
    return weights, int(have.sum())


def load(args):
    t = {}
    start = time.perf_counter()
    reviews = read_reviews(args.data)
    train = subset(reviews["train"], args.limit, args.seed)
    test = subset(reviews["test"], args.limit, args.seed + 1)
    t["read_s"] = time.perf_counter() - start
    mark = time.perf_counter()
    train_tokens = [tokenize(text) for text, _ in train]
    test_tokens = [tokenize(text) for text, _ in test]
    t["tokenize_s"] = time.perf_counter() - mark
    mark = time.perf_counter()
    itos, stoi = build_vocab(train_tokens, args.min_freq)
    t["vocab_s"] = time.perf_counter() - mark
    mark = time.perf_counter()
    data = {
        "x_train": encode(train_tokens, stoi, args.max_len),
        "y_train": torch.tensor([label for _, label in train]),
        "x_test": encode(test_tokens, stoi, args.max_len),
        "y_test": torch.tensor([label for _, label in test]),
    }
    t["encode_s"] = time.perf_counter() - mark
    mark = time.perf_counter()
    weights, found = glove_embedding(args.glove, itos, stoi, args.embed, args.missing, args.seed)
    t["glove_s"] = time.perf_counter() - mark
    t["load_total_s"] = time.perf_counter() - start
    info = {"vocab_size": len(itos), "glove_found": found, "train_reviews": len(train),
            "test_reviews": len(test)}
    return data, weights, t, info


def build_model(weights, args, device):
    torch.manual_seed(args.seed)
    model = BiRNN(weights.shape[0], args.embed, args.hidden, args.layers, dropout=args.dropout)
    if args.init == "xavier":
        nn.init.xavier_uniform_(model.decoder.weight)
        for name, p in model.encoder.named_parameters():
            if "weight" in name:
                nn.init.xavier_uniform_(p)
    model.embedding.weight.data.copy_(weights)
    model.embedding.weight.requires_grad_(False)
    return model.to(device)


def train_epoch(model, opt, loss_fn, x, y, args, device, epoch):
    model.train()
    g = torch.Generator().manual_seed(args.seed * 1000 + epoch)
    order = torch.randperm(len(y), generator=g)
    loss_sum = torch.zeros((), device=device)
    correct = torch.zeros((), dtype=torch.long, device=device)
    sync(device)
    start = time.perf_counter()
    for i in range(0, len(order), args.batch):
        idx = order[i:i + args.batch]
        xb, yb = x[idx].to(device), y[idx].to(device)
        opt.zero_grad(set_to_none=True)
        logits = model(xb)
        loss = loss_fn(logits, yb)
        loss.backward()
        opt.step()
        loss_sum += loss.detach() * len(idx)
        correct += (logits.argmax(1) == yb).sum()
    sync(device)
    seconds = time.perf_counter() - start
    n = len(order)
    return {"epoch": epoch, "train_s": seconds, "reviews_per_s": n / seconds,
            "steps": (n + args.batch - 1) // args.batch, "train_loss": float(loss_sum) / n,
            "train_acc": int(correct) / n}


def evaluate(model, x, y, batch, device):
    model.eval()
    correct = torch.zeros((), dtype=torch.long, device=device)
    sync(device)
    start = time.perf_counter()
    with torch.no_grad():
        for i in range(0, len(y), batch):
            xb, yb = x[i:i + batch].to(device), y[i:i + batch].to(device)
            correct += (model(xb).argmax(1) == yb).sum()
    sync(device)
    return int(correct) / len(y), time.perf_counter() - start


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="../shared/data/aclImdb_v1.tar.gz",
                    help="aclImdb folder (or its parent) or aclImdb_v1.tar.gz")
    ap.add_argument("--glove", default="../shared/data/glove.6B.100d.imdbvocab.txt.gz",
                    help="GloVe vectors: .txt, .txt.gz or glove.6B.zip")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--limit", type=int, default=0,
                    help="use a seeded random N reviews of train and N of test (quick tests)")
    ap.add_argument("--lr", type=float, default=0.01, help="the tutorial's rate (default 0.01)")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--eval-batch", type=int, default=64)
    ap.add_argument("--max-len", type=int, default=500)
    ap.add_argument("--min-freq", type=int, default=5)
    ap.add_argument("--embed", type=int, default=100)
    ap.add_argument("--hidden", type=int, default=100)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--missing", choices=("zeros", "random"), default="zeros",
                    help="embedding of words without a GloVe vector")
    ap.add_argument("--init", choices=("pytorch", "xavier"), default="pytorch")
    ap.add_argument("--tf32", choices=("on", "off"), default="on",
                    help="on: PyTorch's default; off: exact FP32 (CUDA only)")
    ap.add_argument("--seed", type=int, default=0)
    return ap.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if args.epochs < 1 or args.batch < 1 or args.limit < 0:
        raise SystemExit("--epochs and --batch must be >= 1, --limit >= 0")
    device = torch_device(args.device)
    if device.type == "cuda" and args.tf32 == "off":
        set_exact_fp32(True)
    for path, flag in ((args.data, "--data"), (args.glove, "--glove")):
        if not os.path.exists(path):
            raise SystemExit("%s %s: not found" % (flag, path))
    data, weights, timings, info = load(args)
    print("loaded: %s, %s" % (info, {k: round(v, 2) for k, v in timings.items()}), flush=True)
    model = build_model(weights, args, device)
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()
    epochs = []
    for epoch in range(1, args.epochs + 1):
        record = train_epoch(model, opt, loss_fn, data["x_train"], data["y_train"], args, device,
                             epoch)
        record["test_acc"], record["eval_s"] = evaluate(model, data["x_test"], data["y_test"],
                                                        args.eval_batch, device)
        epochs.append(record)
        print(json.dumps(record), flush=True)
    result = {
        "impl": "pytorch-tutorial", "device": device.type, "epochs": epochs, "load": timings,
        "data": {**info, "path": os.path.abspath(args.data), "glove": os.path.abspath(args.glove),
                 "limit": args.limit},
        "settings": {k: getattr(args, k) for k in ("lr", "batch", "eval_batch", "max_len",
                                                   "min_freq", "embed", "hidden", "layers",
                                                   "dropout", "missing", "init", "tf32", "seed")},
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
    }
    if device.type == "cuda":
        result.update({"gpu": torch.cuda.get_device_name(device),
                       "cudnn": torch.backends.cudnn.version(),
                       "cudnn_allow_tf32": torch.backends.cudnn.allow_tf32,
                       "peak_alloc_mib": torch.cuda.max_memory_allocated(device) / 2 ** 20})
    print(json.dumps({k: v for k, v in result.items() if k != "epochs"}))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()

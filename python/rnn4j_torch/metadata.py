"""rnn4j's model metadata in a safetensors header, read and written as the Java side does.

org.rnn4j.train.ModelFile writes every model file (a checkpoint's model.safetensors, a saved
classifier, GpuCheck's parity weights) with these header metadata keys, all values strings:

    format        "pt" (tensors named and shaped as a PyTorch state_dict)
    model_config  org.rnn4j.model.ModelConfig as JSON keyed by its field names:
                  {"vocabSize": V, "embedSize": E, "trainEmbedding": false, "hiddenSize": H,
                   "layers": L, "bidirectional": true, "dropout": 0.3, "classes": 2,
                   "pooling": "first_last", "embedDropout": 0.0, "cell": "lstm"}
    backend       "cpu", "cudnn", "reference" (or "pytorch" for a file written here)

plus rnn4j_version and optional vocabulary, tokenizer, labels, data.* keys. The Java reader is
strict (every field present with its type, none unknown; only the fields added after the first
files, ADDED_FIELDS, may be absent and then mean what those files meant), and so is
read_config. Reading the header needs neither PyTorch nor the safetensors package.
"""
import json
import struct

MODEL_CONFIG = "model_config"
# ModelConfig's record components, in their order, with their JSON types.
CONFIG_FIELDS = (("vocabSize", int), ("embedSize", int), ("trainEmbedding", bool),
                 ("hiddenSize", int), ("layers", int), ("bidirectional", bool),
                 ("dropout", float), ("classes", int), ("pooling", str), ("embedDropout", float),
                 ("cell", str))
# Fields newer than the first files, with the value a file without them meant.
ADDED_FIELDS = {"pooling": "first_last", "embedDropout": 0.0, "cell": "lstm"}
# org.rnn4j.model.Pooling, as files name it.
POOLINGS = ("first_last", "max", "mean", "max_mean")
# org.rnn4j.model.Cell, as files name it.
CELLS = ("lstm", "gru", "rnn_tanh", "rnn_relu")
# The values each string field may take.
CHOICES = {"pooling": POOLINGS, "cell": CELLS}


def model_config(vocab_size, embed_size, hidden_size, layers, *, train_embedding=False,
                 bidirectional=True, dropout=0.0, classes=2, pooling="first_last",
                 embed_dropout=0.0, cell="lstm"):
    """A model config dict, keyed and ordered as ModelConfig's fields."""
    return {"vocabSize": vocab_size, "embedSize": embed_size, "trainEmbedding": train_embedding,
            "hiddenSize": hidden_size, "layers": layers, "bidirectional": bidirectional,
            "dropout": float(dropout), "classes": classes, "pooling": pooling,
            "embedDropout": float(embed_dropout), "cell": cell}


def config_metadata(config, backend="pytorch"):
    """Header metadata in rnn4j's format for a model config (every value a string)."""
    return {"format": "pt", MODEL_CONFIG: json.dumps(check_config(config, "model config")),
            "backend": backend}


def read_config(metadata, where="the file"):
    """The model config from a safetensors header's metadata; ValueError, naming `where` and the
    keys found, when it is absent or not a complete ModelConfig."""
    if not metadata or MODEL_CONFIG not in metadata:
        raise ValueError("%s has no '%s' metadata; it was not written by rnn4j or"
                         " ci/torch_interop.py (keys: %s)"
                         % (where, MODEL_CONFIG, sorted(metadata or {})))
    try:
        config = json.loads(metadata[MODEL_CONFIG])
    except ValueError as e:
        raise ValueError("%s: %s is not JSON: %s" % (where, MODEL_CONFIG, e)) from None
    return check_config(config, "%s %s" % (where, MODEL_CONFIG))


def check_config(config, where):
    """`config` in ModelConfig's field order if it has every field with its type and nothing
    else; ValueError naming `where` otherwise."""
    if not isinstance(config, dict):
        raise ValueError("%s is not a JSON object: %r" % (where, config))
    config = dict(ADDED_FIELDS, **config)
    for name, kind in CONFIG_FIELDS:
        value = config.get(name)
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if kind is float:
            ok = number
        elif kind is int:  # as the Java reader: any JSON number with an integral value
            ok = number and float(value).is_integer()
        elif kind is str:
            ok = value in CHOICES[name]
        else:
            ok = isinstance(value, bool)
        if not ok:
            raise ValueError("%s: ModelConfig lacks '%s' as a %s (found %s)"
                             % (where, name, kind.__name__, sorted(config)))
    unknown = sorted(set(config) - {name for name, _ in CONFIG_FIELDS})
    if unknown:
        raise ValueError("%s: unknown ModelConfig field(s) %s" % (where, unknown))
    return {name: kind(config[name]) for name, kind in CONFIG_FIELDS}


def read_metadata(path):
    """The header metadata of a safetensors file (a dict of strings; empty when it has none)."""
    with open(path, "rb") as f:
        raw = f.read(8)
        if len(raw) != 8:
            raise ValueError("%s is not a safetensors file (shorter than its header size)" % path)
        (size,) = struct.unpack("<Q", raw)
        header = f.read(size)
    if len(header) != size:
        raise ValueError("%s is not a safetensors file (header cut short)" % path)
    try:
        return json.loads(header.decode("utf-8")).get("__metadata__", {})
    except (ValueError, AttributeError):
        raise ValueError("%s is not a safetensors file (header is not a JSON object)" % path) \
            from None


def read_file_config(path):
    """The model config of an rnn4j safetensors file."""
    return read_config(read_metadata(path), str(path))

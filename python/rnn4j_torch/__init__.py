"""rnn4j's Python side: what the PyTorch comparison scripts (bench/*.py) and the GPU check's
scripts (ci/*.py) share, defined once.

    model     the tutorial's BiRNN (state_dict names as rnn4j writes them), built from a config
    metadata  rnn4j's model config in a safetensors header ("model_config"): read and write
    shapes    the benchmark shapes table (the same file the JMH benchmarks read)
    device    a checked torch device, synchronize, exact FP32 (TF32 off)
    files     JSON and JSON-lines results that may be missing or cut short
    junit     a JUnit step's reports summed up: passed only when tests passed and none failed

Importing the package, shapes, metadata, files or junit needs no PyTorch; model and device do.
The scripts find the package on PYTHONPATH (the repository's python/ folder): see
python/README.md.
"""
import os

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(PYTHON_DIR)


def child_env(env=None):
    """The environment for a Python subprocess that imports this package: `env` (default
    os.environ) with this package's folder first on PYTHONPATH, whatever interpreter runs it."""
    env = dict(os.environ if env is None else env)
    rest = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and p != PYTHON_DIR]
    env["PYTHONPATH"] = os.pathsep.join([PYTHON_DIR] + rest)
    return env

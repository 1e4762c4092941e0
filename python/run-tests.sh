#!/usr/bin/env bash
# The Python unit tests: the package's (python/tests), the benchmark scripts' (bench/test_*.py)
# and the CI scripts' (ci/test_*.py), with python/ on PYTHONPATH. Tests that need PyTorch skip
# without it. `mvn verify` runs this; where there is no python3 it says so and passes.
# Usage: python/run-tests.sh          (PYTHON=/path/to/python to use another interpreter)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
PYTHON=${PYTHON:-python3}
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "[python-tests] SKIPPED: no $PYTHON on the PATH, so the Python unit tests did not run"
  exit 0
fi
export PYTHONPATH="$root/python${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONDONTWRITEBYTECODE=1
echo "[python-tests] $("$PYTHON" --version 2>&1), torch: $("$PYTHON" -c 'import torch; print(torch.__version__)' 2>/dev/null || echo 'not installed (its tests skip)')"
rc=0
for dir in python/tests bench ci; do
  if compgen -G "$dir/test_*.py" >/dev/null; then
    echo "[python-tests] $dir"
    "$PYTHON" -m unittest discover -s "$dir" -p 'test_*.py' 2>&1 || rc=1
  fi
done
exit "$rc"

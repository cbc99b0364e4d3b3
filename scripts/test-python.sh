#!/usr/bin/env bash
# The Python side (data/ and train/) in the project's environment .venv (train/requirements.txt:
# PyTorch 2.13 CPU, transformers, peft, onnx, onnxruntime, pytest). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
if [ ! -x "$PY" ]; then
  echo "test-python: $PWD/.venv is missing (the Python environment of data/ and train/)." >&2
  echo "test-python: create it with: ./scripts/setup.sh --test   (or: python3 -m venv .venv && .venv/bin/pip install -r train/requirements.txt)" >&2
  exit 1
fi
export PYTHONPATH="$PWD/train:$PWD/data"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
"$PY" -m pytest -q data/tests train/tests "$@"

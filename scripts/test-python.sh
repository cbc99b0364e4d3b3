#!/usr/bin/env bash
# The Python side (data/ and train/) with Debian's PyTorch.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD/train:$PWD/data"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
/usr/bin/python3 -m pytest -q data/tests train/tests

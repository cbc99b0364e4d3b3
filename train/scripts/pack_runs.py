"""Packs trained runs for the trip back from a GPU machine, whose file transfer caps each file at
16 MiB and a call at 8 files: model.pt (fp32, ~21 MB) becomes <name>.pt in fp16 (the bundles store
fp16 weights anyway), and every config/log goes into one runs-meta.tar.
Usage: python3 train/scripts/pack_runs.py RUNS_DIR OUT_DIR"""
import os
import sys
import tarfile

import torch


def half(x):
    if isinstance(x, torch.Tensor) and x.is_floating_point():
        return x.half()
    if isinstance(x, dict):
        return {k: half(v) for k, v in x.items()}
    return x


runs, out = sys.argv[1], sys.argv[2]
with tarfile.open(os.path.join(out, "runs-meta.tar"), "w") as tar:
    for name in sorted(os.listdir(runs)):
        path = os.path.join(runs, name)
        if os.path.isdir(path) and os.path.exists(os.path.join(path, "model.pt")):
            torch.save(half(torch.load(os.path.join(path, "model.pt"), map_location="cpu")),
                       os.path.join(out, f"{name}.pt"))
            for f in ("config.json", "log.jsonl"):
                tar.add(os.path.join(path, f), arcname=f"{name}/{f}")
        elif os.path.isfile(path):
            tar.add(path, arcname=name)
print("packed", sorted(os.listdir(out)))

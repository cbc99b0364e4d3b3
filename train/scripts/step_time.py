"""Seconds per training step at two input sizes, with the real training loop (lexvla.train.train):
the measurement behind the tiny presets' 112 px (docs/training.md).

  PYTHONPATH=train:data .venv/bin/python train/scripts/step_time.py [--steps 6] [--sizes 224,112]

Per size: a CLIP-tiny run of --steps steps x batch 64 (the shipped recipe's batch, 2 data workers,
2 threads), timed from step 1 to the last step in its log, so worker start-up is left out."""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
from pathlib import Path

import torch

from lexvla.config import PRESETS, TrainConfig
from lexvla.train import train


def main(argv) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=6)
    p.add_argument("--sizes", default="224,112")
    a = p.parse_args(argv)
    torch.set_num_threads(2)
    for size in (int(s) for s in a.sizes.split(",")):
        cfg = TrainConfig(model="clip", steps=a.steps, batch=64, lr=7e-4, warmup=1, val_scenes=8,
                          log_every=1, val_every=10**9, workers=2,
                          model_config=dataclasses.replace(PRESETS["tiny"], image_size=size))
        with tempfile.TemporaryDirectory() as out:
            train(cfg, Path(out), "tiny", log=None)
            log = [json.loads(line) for line in (Path(out) / "log.jsonl").read_text().splitlines()]
        per_step = (log[-1]["elapsed_s"] - log[0]["elapsed_s"]) / (log[-1]["step"] - log[0]["step"])
        print(json.dumps({"image_size": size, "batch": 64, "seconds_per_step": round(per_step, 2)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

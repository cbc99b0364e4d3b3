"""The real-scale path end to end on CPU, with random weights: a tiny-random LexVLA run
(DINOv2 + adapter + mapper, Llama with LoRA through peft; a few steps on synthetic EmojiScenes
shards) exported as a lexical bundle with the on-graph top-k output, and a random tiny Hugging Face
CLIPModel exported as a dense bundle. The browser tests load both (e2e/realscale.spec.ts).

  PYTHONPATH=train:data .venv/bin/python train/scripts/realscale_bundles.py --out DIR

Writes DIR/lexvla/ and DIR/clip/ (bundle format v1) and prints one JSON line per bundle.
Real weights are a GPU job: docs/real-scale.md."""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import torch

from lexvla.realscale import export, export_clip
from lexvla.realscale.synthetic import emoji_shards
from lexvla.realscale.train import main as train_main


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--topk", type=int, default=16, help="the lexical bundle's on-graph top-k per patch")
    p.add_argument("--steps", type=int, default=2)
    a = p.parse_args(argv)
    a.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        shards = Path(tmp) / "shards"
        emoji_shards(shards, count=24, per_shard=12, size=224)
        run = Path(tmp) / "run"
        code = train_main(["--config", "tiny-random", "--random-init", "--shards", str(shards), "--out", str(run),
                           "--steps", str(a.steps), "--batch", "4", "--workers", "0"])
        if code != 0:
            return code
        m = export.export(run, a.out / "lexvla", fp16=False, topk=a.topk, classes=["coco", "ade20k"],
                          gallery_shards=str(shards), gallery=4, device=torch.device("cpu"),
                          command="train/scripts/realscale_bundles.py")
    print(json.dumps({"bundle": str(a.out / "lexvla"), "name": m["name"], "kind": m["kind"],
                      "grid": m["preprocess"]["grid"], "vocabulary": m["vocabulary"]["size"]}))
    clip = export_clip.build_clip(None, "tiny")
    m = export_clip.export_clip(clip, a.out / "clip", fp16=False, tokenizer=export_clip.DEFAULT_TOKENIZER_JSON,
                                command="train/scripts/realscale_bundles.py")
    print(json.dumps({"bundle": str(a.out / "clip"), "name": m["name"], "kind": m["kind"],
                      "grid": m["preprocess"]["grid"], "embeddingDim": m["embeddingDim"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

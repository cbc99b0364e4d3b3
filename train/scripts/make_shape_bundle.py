"""A LexVLA bundle with the paper's vision shape and random weights, for benchmarks only.

  PYTHONPATH=train:data .venv/bin/python train/scripts/make_shape_bundle.py --out /tmp/bundles/lexvla-b14-shape

The vision graph has the compute of the paper's model: a ViT with DINOv2-B/14's geometry (224 px,
16 x 16 patches, width 768, 12 blocks, 12 heads, MLP 3072), the adapter to Dc = 4096 and the mapper
onto all V = 19,545 words (V x 4096 vision codebook). It is this repo's TinyViT at that size, not
Dinov2Model (transformers cannot be installed here), with random weights: its words mean nothing.
What it is for: timing the app's fixed costs (decode, preprocessing, postprocessing over 256 x V
scores, layout) against an inference of the size a real LexVLA has (docs/benchmarks.md).
The text side is one linear read-out over the V x 4096 codebook (no transformer layers).

Beside the exact graph it writes its int8 variant (vision.int8.onnx, manifest vision.variants;
--no-int8 leaves it out) and an evaluation set of --eval held-out EmojiScenes 'test' scenes
(eval/, 50 by default): `lexvla bench-variants` times both graphs and compares their words on it."""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import torch

from lexvla.config import ModelConfig
from lexvla.data import MEAN, STD
from lexvla.export import export
from lexvla.factory import build_model, save_checkpoint
from lexvla.tokenizer import Llama2Tokenizer
from lexvla.vocab import DEFAULT_VOCAB, Vocabulary, repo_relative


def main(argv) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--width", type=int, default=768)
    p.add_argument("--depth", type=int, default=12)
    p.add_argument("--heads", type=int, default=12)
    p.add_argument("--codebook-dim", type=int, default=4096)
    p.add_argument("--eval", type=int, default=50, help="held-out 'test' scenes in eval/ (the variants' agreement set)")
    p.add_argument("--no-int8", action="store_true", help="leave out vision.int8.onnx")
    a = p.parse_args(argv)
    torch.manual_seed(0)
    torch.set_num_threads(2)
    cfg = ModelConfig(image_size=224, patch_size=14, width=a.width, depth=a.depth, heads=a.heads,
                      codebook_dim=a.codebook_dim, text_layers=0, text_heads=1, codebook_mean=0.0,
                      grounded_text=True)
    vocab = Vocabulary.load(DEFAULT_VOCAB)
    model = build_model("lexvla", cfg, vocab, Llama2Tokenizer())
    params = sum(t.numel() for t in model.vision.parameters())
    started = time.time()
    with tempfile.TemporaryDirectory() as run:
        config = {
            "train": {"model": "lexvla", "steps": 0, "batch": 0, "model_config": vars(cfg)},
            "config_name": "paper-shape, random weights", "kind": "lexical",
            "vocab": {"path": repo_relative(DEFAULT_VOCAB), "size": vocab.size, "rule": vocab.rule},
            "preprocess": {"mean": list(MEAN), "std": list(STD)}, "metrics": {},
            "command": "train/scripts/make_shape_bundle.py " + " ".join(argv),
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        save_checkpoint(Path(run), model, config)
        del model
        manifest = export(Path(run), a.out, fp16=True, gallery_count=0, eval_count=a.eval, golden_root=None,
                          note="Random weights: a benchmark bundle with the paper's vision shape; its words mean nothing.",
                          int8=not a.no_int8)
    print(json.dumps({"out": str(a.out), "vision_params": params,
                      "bytes": sum(f["bytes"] for f in manifest["files"]),
                      "seconds": round(time.time() - started, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

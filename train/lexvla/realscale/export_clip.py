"""Export a Hugging Face CLIP as a DENSE bundle (format v1): the baseline the paper compares.

  python3 -m lexvla.realscale.export_clip --clip-path /models/clip-vit-base-patch16 --out public/models/clip-b16
  python3 -m lexvla.realscale.export_clip --random tiny --out /tmp/clip-test     # tests, no weights

Patch embeddings: every patch token through post_layernorm + visual_projection into the joint
space, L2-normalised (the MaskCLIP-style reading without its value-path trick); global: CLIP's
image embedding. Text: the text tower as ONNX (ids + mask, 77 tokens) with the checkpoint's
tokenizer.json when the folder has one (random configs use the repo's tokenizer.json)."""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import torch
from torch import Tensor, nn

from ..lexical import l2norm
from ..manifest import Dense, onnx_text_spec, preprocess_spec, vision_spec, write_manifest
from ..provenance import command_line, git_commit
from ..tokenizer import DEFAULT_TOKENIZER_JSON
from . import hf
from .onnx_io import export_graph, tensor_specs

CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)
RANDOM_SHAPES = {  # (vision width, layers, heads, patch, text width, layers, heads, projection)
    "tiny": (64, 2, 2, 16, 64, 2, 2, 32),
    "base-patch16": (768, 12, 12, 16, 512, 12, 8, 512),
}


class ClipVisionGraph(nn.Module):
    def __init__(self, clip: nn.Module) -> None:
        super().__init__()
        self.vision_model, self.proj = clip.vision_model, clip.visual_projection

    def forward(self, pixel_values: Tensor):
        out = self.vision_model(pixel_values=pixel_values)
        patches = self.proj(self.vision_model.post_layernorm(out[0][:, 1:]))  # [1, N, D]
        return l2norm(patches), l2norm(self.proj(out[1]))  # patch [1, N, D], global [1, D]


class ClipTextGraph(nn.Module):
    def __init__(self, clip: nn.Module) -> None:
        super().__init__()
        self.text_model, self.proj = clip.text_model, clip.text_projection

    def forward(self, input_ids: Tensor, attention_mask: Tensor) -> Tensor:
        pooled = self.text_model(input_ids=input_ids, attention_mask=attention_mask)[1]
        return l2norm(self.proj(pooled))  # [1, D]


def build_clip(path: Optional[str], random: Optional[str]) -> nn.Module:
    tf = hf.transformers()
    if path:
        return tf.CLIPModel.from_pretrained(path).float().eval()
    vw, vl, vh, patch, tw, tl, th, proj = RANDOM_SHAPES[random or "tiny"]
    config = tf.CLIPConfig(
        vision_config={"hidden_size": vw, "num_hidden_layers": vl, "num_attention_heads": vh,
                       "intermediate_size": 4 * vw, "patch_size": patch, "image_size": 224},
        text_config={"hidden_size": tw, "num_hidden_layers": tl, "num_attention_heads": th,
                     "intermediate_size": 4 * tw, "vocab_size": 32000, "max_position_embeddings": 77},
        projection_dim=proj)
    torch.manual_seed(0)
    return tf.CLIPModel(config).eval()


def export_clip(clip: nn.Module, out: Path, fp16: bool, tokenizer: Path, command: str) -> Dict[str, Any]:
    hf.set_attention(clip, "eager")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    size, patch = clip.config.vision_config.image_size, clip.config.vision_config.patch_size
    length = clip.config.text_config.max_position_embeddings
    weights = "fp16" if fp16 else "fp32"
    ext_v = export_graph(ClipVisionGraph(clip), (torch.zeros(1, 3, size, size),), out / "vision.onnx",
                         ["pixel_values"], ["patch_embeddings", "global"], fp16)
    ids = torch.zeros(1, length, dtype=torch.long)
    mask = torch.ones(1, length, dtype=torch.long)
    ext_t = export_graph(ClipTextGraph(clip), (ids, mask), out / "text.onnx", ["input_ids", "attention_mask"],
                         ["text_embedding"], fp16)
    shutil.copyfile(tokenizer, out / "tokenizer.json")
    v, t = tensor_specs(out / "vision.onnx"), tensor_specs(out / "text.onnx")
    grid = size // patch
    return write_manifest(
        out, name=out.name,
        description=f"CLIP ViT (patch {patch}, {grid}x{grid} patches) as a dense baseline; patch tokens "
                    "projected into the joint space (MaskCLIP-style)",
        kind=Dense(int(clip.config.projection_dim)),
        # CLIP resizes bicubic; the format offers bilinear, a small difference.
        preprocess=preprocess_spec(size, patch, CLIP_MEAN, CLIP_STD),
        vision=vision_spec(weights, v["pixel_values"], {"patch": v["patch_embeddings"], "global": v["global"]}, ext_v),
        text=onnx_text_spec(weights, t["input_ids"], t["attention_mask"], t["text_embedding"], length, ext_t),
        provenance={"trainedBy": "OpenAI CLIP via Hugging Face transformers (exported by this repo)",
                    "data": "CLIP's own (WIT-400M)", "command": command, "commit": git_commit(),
                    "date": time.strftime("%Y-%m-%d")})


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    p = argparse.ArgumentParser(description="Export a Hugging Face CLIP as a dense bundle.")
    p.add_argument("--clip-path", help="local folder of e.g. openai/clip-vit-base-patch16")
    p.add_argument("--random", choices=sorted(RANDOM_SHAPES), help="random weights of these shapes (tests)")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--fp16", action="store_true")
    a = p.parse_args(argv)
    if not a.clip_path and not a.random:
        p.error("give --clip-path (a local checkpoint folder) or --random tiny|base-patch16")
    tokenizer = DEFAULT_TOKENIZER_JSON  # random weights: any 32,000-token tokenizer will do
    if a.clip_path:
        tokenizer = Path(a.clip_path) / "tokenizer.json"
        if not tokenizer.exists():
            p.error(f"{tokenizer}: missing; the text graph needs CLIP's own tokenizer.json beside the weights")
    manifest = export_clip(build_clip(a.clip_path, a.random), a.out, a.fp16, tokenizer,
                           command_line("lexvla.realscale.export_clip", argv))
    print(json.dumps({"out": str(a.out), "bytes": sum(f["bytes"] for f in manifest["files"]),
                      "tokenizer": str(tokenizer)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

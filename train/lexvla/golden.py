"""Parity golden for the Node/browser test: a fixed input and the PyTorch outputs for it.

train/golden/<bundle>/
  golden.json         description: shapes, patch indices, captions with ids/mask, file list
  input.png           the input image (a held-out scene, 224 x 224 RGB)
  global.f32          float32 LE [V|D]: vision output "global" (L2-normalised)
  patch.f32           float32 LE [len(patches), V|D]: vision output "patch_scores" /
                      "patch_embeddings" at the listed patch indices (row-major grid index)
  text.f32            float32 LE [len(captions), V|D]: text output "text_scores" /
                      "text_embedding" for each caption
The global vector is the max over all 256 patches, so it checks every patch in aggregate."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Sequence

import numpy as np
import torch
from PIL import Image
from torch import nn

from .data import model_pixels
from .onnx_export import DenseVisionGraph, LexicalVisionGraph, TextGraph, output_names
from .tokenizer import Llama2Tokenizer


def golden_patches(grid: int) -> List[int]:
    """A corner and a centre patch (row, col = grid // 2)."""
    return [0, (grid // 2) * grid + grid // 2]


@torch.no_grad()
def write_golden(model: nn.Module, kind: str, tokenizer: Llama2Tokenizer, image: np.ndarray,
                 captions: Sequence[str], max_length: int, out_dir: Path, meta: Dict[str, Any]) -> List[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    Image.fromarray(image).save(out_dir / "input.png")
    vision = LexicalVisionGraph(model) if kind == "lexical" else DenseVisionGraph(model)
    patch, glob = vision(model_pixels(image, model.cfg.image_size)[None])
    encoded = [tokenizer.encode_padded(c, max_length) for c in captions]
    ids = torch.tensor([e[0] for e in encoded])
    mask = torch.tensor([e[1] for e in encoded])
    text = torch.cat([TextGraph(model)(ids[i:i + 1], mask[i:i + 1]) for i in range(len(captions))])
    patches = golden_patches(model.cfg.image_size // model.cfg.patch_size)
    arrays = {"global.f32": glob[0], "patch.f32": patch[0, patches], "text.f32": text}
    for name, tensor in arrays.items():
        tensor.numpy().astype("<f4").tofile(out_dir / name)
    names = output_names(kind)
    description = {
        "bundle": meta["name"], "kind": kind, "width": int(glob.shape[-1]), "weights": meta["weights"],
        "note": "PyTorch outputs computed with the same (fp16-rounded, if weights=fp16) weights as the ONNX files",
        "image": "input.png",
        "global": {"file": "global.f32", "output": names["vision"][1], "shape": list(glob[0].shape)},
        "patch": {"file": "patch.f32", "output": names["vision"][0], "patches": patches,
                  "shape": list(arrays["patch.f32"].shape)},
        "text": {"file": "text.f32", "output": names["text"][0], "shape": list(text.shape),
                 "captions": [{"text": c, "input_ids": ids[i].tolist(), "attention_mask": mask[i].tolist()}
                              for i, c in enumerate(captions)]},
    }
    (out_dir / "golden.json").write_text(json.dumps(description, indent=1) + "\n")
    return sorted(out_dir.iterdir())

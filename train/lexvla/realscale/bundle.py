"""Pieces of a real-scale lexical bundle (format v1, src/bundle/types.ts): the vision graphs,
precomputed text vectors and the gallery read from shards (manifest.json: lexvla.manifest)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import torch
from torch import Tensor, nn

from ..gallery import sparse_json
from ..lexical import l2norm, sparsify
from .loader import image_spec
from .prompt import PromptTokenizer, pad_batch, prompt_ids
from .shards import read_tar
from ..preprocess import preprocess_image


class VisionScores(nn.Module):
    """pixels [1, 3, 224, 224] -> (ELU1p patch scores [1, 256, V], L2-normalised global [1, V])."""

    def __init__(self, vision: nn.Module) -> None:
        super().__init__()
        self.vision = vision

    def forward(self, pixel_values: Tensor):
        scores = self.vision.patch_scores(pixel_values)
        return scores, l2norm(scores.amax(dim=1))


class VisionTopK(VisionScores):
    """On-graph top-k: (values [1, 256, K], indices int64 [1, 256, K], global [1, V]). The browser
    then moves 256 x K numbers instead of 256 x V (19 MiB per image at V = 19,545)."""

    def __init__(self, vision: nn.Module, k: int) -> None:
        super().__init__(vision)
        self.k = k

    def forward(self, pixel_values: Tensor):
        scores, glob = super().forward(pixel_values)
        values, indices = scores.topk(self.k, dim=-1)
        return values, indices, glob


VISION_OUTPUTS = {"full": ["patch_scores", "global"], "topk": ["patch_topk_values", "patch_topk_indices", "global"]}


@torch.no_grad()
def encode_texts(model: nn.Module, tok: PromptTokenizer, texts: Sequence[str], max_caption_tokens: int,
                 device: torch.device, batch: int = 16) -> Tensor:
    """L2-normalised text lexical vectors float32 [N, V], through the prompt and the LLM."""
    out: List[Tensor] = []
    for start in range(0, len(texts), batch):
        ids, mask = pad_batch([prompt_ids(t, tok, max_caption_tokens) for t in texts[start:start + batch]])
        with torch.autocast("cuda", dtype=torch.bfloat16, enabled=device.type == "cuda"):
            out.append(model.encode_text(ids.to(device), mask.to(device)).float().cpu())
    return torch.cat(out)


def vectors_json(vectors: Tensor, threshold: float, top_k: Optional[int]) -> List[Dict[str, List]]:
    return [sparse_json(sparsify(v, threshold, top_k)) for v in vectors]


@torch.no_grad()
def gallery_from_shards(model: nn.Module, shards: Sequence[Path], count: int, out: Path, device: torch.device,
                        image_size: int) -> List[Dict[str, Any]]:
    """The first `count` samples of the shards in file order: JPEGs copied into gallery/images,
    items with their captions, and image vectors. -> items with an extra "_vector" tensor."""
    spec = image_spec(image_size)
    (out / "gallery" / "images").mkdir(parents=True, exist_ok=True)
    items: List[Dict[str, Any]] = []
    for shard in shards:
        for sample in read_tar(shard):
            if len(items) == count:
                return items
            key = sample["__key__"].decode()
            (out / "gallery" / "images" / f"{key}.jpg").write_bytes(sample["jpg"])
            pixels, _ = preprocess_image(sample["jpg"], spec)
            with torch.autocast("cuda", dtype=torch.bfloat16, enabled=device.type == "cuda"):
                vec = model.encode_image(torch.from_numpy(pixels).to(device)).float().cpu()[0]
            items.append({"id": key, "image": f"gallery/images/{key}.jpg",
                          "captions": [sample["txt"].decode("utf-8", errors="replace").strip()], "_vector": vec})
    return items


def write_json(path: Path, obj: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")

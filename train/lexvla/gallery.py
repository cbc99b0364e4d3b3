"""The bundle's gallery: held-out scenes as PNG, their captions, and the PyTorch model's
precomputed vectors (GalleryIndexJson in src/bundle/types.ts)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import torch
from PIL import Image
from torch import Tensor, nn

from .data import model_pixels
from .lexical import sparsify
from .tokenizer import Llama2Tokenizer

DECIMALS = 6  # enough for ranking parity with the browser's float32 maths, half the JSON of repr()


def sparse_json(v: Tensor) -> Dict[str, List]:
    """A sparsified vector float [V] -> SparseVectorJson (indices ascending, non-zeros only)."""
    idx = v.nonzero().flatten()
    return {"indices": idx.tolist(), "values": [round(float(x), DECIMALS) for x in v[idx]]}


def dense_json(v: Tensor) -> List[float]:
    return [round(float(x), DECIMALS) for x in v]


@torch.no_grad()
def encode_texts(model: nn.Module, tokenizer: Llama2Tokenizer, texts: Sequence[str], max_length: int) -> Tensor:
    ids, masks = zip(*[tokenizer.encode_padded(t, max_length) for t in texts])
    return model.encode_text(torch.tensor(ids), torch.tensor(masks))


def vector_json(model: nn.Module, v: Tensor, threshold: float, top_k) -> Any:
    if getattr(model, "kind", "") == "lexical":
        return sparse_json(sparsify(v, threshold, top_k))
    return dense_json(v)


@torch.no_grad()
def write_gallery(model: nn.Module, tokenizer: Llama2Tokenizer, scenes: Sequence[Tuple[str, Any]],
                  bundle_dir: Path, max_length: int, threshold: float, top_k=None,
                  existing: Optional[Sequence[str]] = None) -> Dict[str, Any]:
    """scenes: (id, Scene) pairs. Writes gallery/index.json, and gallery/images/<id>.png unless
    `existing` gives each scene's image already in the bundle (the eval set's copy of the same
    scene), so that a bundle does not ship the same PNG twice."""
    image_dir = bundle_dir / "gallery" / "images"
    items, image_vectors, caption_vectors = [], [], []
    model.eval()
    for n, (scene_id, scene) in enumerate(scenes):
        if existing is not None:
            image = existing[n]
        else:
            image = f"gallery/images/{scene_id}.png"
            image_dir.mkdir(parents=True, exist_ok=True)
            Image.fromarray(scene.image).save(bundle_dir / image, optimize=True)
        items.append({"id": scene_id, "image": image, "captions": list(scene.captions)})
        img = model.encode_image(model_pixels(scene.image, model.cfg.image_size)[None])[0]
        image_vectors.append(vector_json(model, img, threshold, top_k))
        for txt in encode_texts(model, tokenizer, scene.captions, max_length):
            caption_vectors.append(vector_json(model, txt, threshold, top_k))
    index = {"format": "lexvla-gallery", "version": 1, "items": items,
             "imageVectors": image_vectors, "captionVectors": caption_vectors}
    (bundle_dir / "gallery").mkdir(parents=True, exist_ok=True)
    (bundle_dir / "gallery" / "index.json").write_text(json.dumps(index, separators=(",", ":")) + "\n")
    return index

"""manifest.json for bundle format v1 (src/bundle/types.ts, ManifestV1)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Dict, List, Optional

from .config import ModelConfig

MANIFEST_FILE = "manifest.json"


def preprocess_spec(cfg: ModelConfig, mean, std) -> Dict[str, Any]:
    grid = cfg.image_size // cfg.patch_size
    return {
        "inputSize": [cfg.image_size, cfg.image_size], "patchSize": cfg.patch_size, "grid": [grid, grid],
        "resize": {"shortestEdge": cfg.image_size, "filter": "bilinear"}, "crop": "center",
        "background": [255, 255, 255], "rescale": 1 / 255, "mean": list(mean), "std": list(std),
        "channelOrder": "RGB", "layout": "NCHW",
    }


def sha256_file(path: Path) -> str:
    """Lowercase hex SHA-256 of a file, read in 1 MiB pieces (weights files can be GBs)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for piece in iter(lambda: f.read(1 << 20), b""):
            h.update(piece)
    return h.hexdigest()


def file_entries(bundle_dir: Path) -> List[Dict[str, Any]]:
    """Every file under bundle_dir except manifest.json itself, '/'-separated, sorted, with its
    size and SHA-256 (bundle format v1 files[]: the app checks each file it reads against it, and
    loads an unchanged URL bundle from the browser's copy instead of downloading it again)."""
    entries = []
    for path in sorted(p for p in bundle_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(bundle_dir).as_posix()
        if rel != MANIFEST_FILE:
            entries.append({"path": rel, "bytes": path.stat().st_size, "sha256": sha256_file(path)})
    return entries


def build_manifest(*, name: str, description: str, kind: str, cfg: ModelConfig, mean, std,
                   specs: Dict[str, Dict[str, Dict]], weights: str, vocab: Optional[Dict[str, Any]],
                   threshold: Optional[float], top_k: Optional[int], embedding_dim: Optional[int], gallery_size: int,
                   eval_spec: Optional[Dict[str, Any]], provenance: Dict[str, Any],
                   bundle_dir: Path) -> Dict[str, Any]:
    """specs: {"vision"|"text": {tensor name: TensorSpec}} read back from the ONNX files."""
    v, t = specs["vision"], specs["text"]
    lexical = kind == "lexical"
    patch_name, text_name = ("patch_scores", "text_scores") if lexical else ("patch_embeddings", "text_embedding")
    manifest: Dict[str, Any] = {
        "format": "lexvla-bundle", "version": 1, "name": name, "description": description, "kind": kind,
        "preprocess": preprocess_spec(cfg, mean, std),
        "vision": {"file": "vision.onnx", "weights": weights, "input": v["pixel_values"],
                   "outputs": {"patch": v[patch_name], "global": v["global"]}},
    }
    if lexical:
        manifest["vocabulary"] = {"file": "vocab.json", "size": vocab["size"], "rule": vocab["rule"]}
        manifest["sparsify"] = {"threshold": threshold, "topK": top_k}
    else:
        manifest["embeddingDim"] = embedding_dim
    manifest["text"] = {
        "mode": "onnx",
        "model": {"file": "text.onnx", "weights": weights,
                  "inputs": {"ids": t["input_ids"], "mask": t["attention_mask"]}, "output": t[text_name]},
        "tokenizer": "tokenizer.json", "maxLength": cfg.max_length,
    }
    if gallery_size > 0:
        manifest["gallery"] = {"index": "gallery/index.json", "size": gallery_size}
    if eval_spec is not None:
        manifest["eval"] = eval_spec
    manifest["provenance"] = provenance
    manifest["files"] = file_entries(bundle_dir)
    (bundle_dir / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest

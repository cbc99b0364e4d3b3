"""manifest.json for bundle format v1 (docs/bundle-format.md; src/bundle/types.ts, ManifestV1).

The one writer of manifests: every exporter (lexvla.export, lexvla.realscale.export,
lexvla.realscale.export_clip, scripts/make_fixture_bundle.py) calls write_manifest and passes
only what is its own; the format name and version, the field order, files[] and the JSON layout
are decided here. Imports nothing heavy, so the fixture script can use it without torch."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Union

FORMAT = "lexvla-bundle"
VERSION = 1
MANIFEST_FILE = "manifest.json"
VISION_FILE = "vision.onnx"
TEXT_FILE = "text.onnx"
VOCAB_FILE = "vocab.json"
TOKENIZER_FILE = "tokenizer.json"
GALLERY_INDEX = "gallery/index.json"

Spec = Dict[str, Any]


@dataclass(frozen=True)
class Lexical:
    """A lexical bundle: vectors over a vocabulary (vocab.json), sparsified in the app."""
    vocab_size: int
    vocab_rule: str
    threshold: float
    top_k: Optional[int] = None


@dataclass(frozen=True)
class Dense:
    """A dense bundle (the CLIP-style baseline): vectors in a D-dimensional joint space."""
    embedding_dim: int


def preprocess_spec(image_size: int, patch_size: int, mean: Sequence[float], std: Sequence[float]) -> Spec:
    grid = image_size // patch_size
    return {
        "inputSize": [image_size, image_size], "patchSize": patch_size, "grid": [grid, grid],
        "resize": {"shortestEdge": image_size, "filter": "bilinear"}, "crop": "center",
        "background": [255, 255, 255], "rescale": 1 / 255, "mean": list(mean), "std": list(std),
        "channelOrder": "RGB", "layout": "NCHW",
    }


def vision_spec(weights: str, input_spec: Spec, outputs: Spec, external: Optional[List[str]] = None,
                variants: Optional[List[Spec]] = None) -> Spec:
    """manifest.vision: weights "fp32"|"fp16"; outputs {"patch"|"patchTopK", "global"} as the
    bundle's kind needs; external: the graph's external-data files, if any; variants: faster
    graphs with the same input and outputs ({"name", "file", "weights", "note"}, e.g.
    quantize.int8_variant()), which a reader may run instead of `file`."""
    spec: Spec = {"file": VISION_FILE, "weights": weights, "input": input_spec, "outputs": outputs}
    if external:
        spec["externalData"] = external
    if variants:
        spec["variants"] = variants
    return spec


def onnx_text_spec(weights: str, ids: Spec, mask: Spec, output: Spec, max_length: int,
                   external: Optional[List[str]] = None) -> Spec:
    """manifest.text for text mode "onnx": text.onnx (ids, mask -> vector) and tokenizer.json."""
    model: Spec = {"file": TEXT_FILE, "weights": weights, "inputs": {"ids": ids, "mask": mask}, "output": output}
    if external:
        model["externalData"] = external
    return {"mode": "onnx", "model": model, "tokenizer": TOKENIZER_FILE, "maxLength": max_length}


def trained_on_spec(dataset: str, image_size: Sequence[int], classes: Sequence[str], emoji: Sequence[str]) -> Spec:
    """manifest.trainedOn: the training data's name, its image size [height, width] and its classes
    in mask-value order, each with its emoji's code points ("1F415"). dataset "emojiscenes" turns
    on the app's scene composer, which draws scenes of this size from these classes."""
    if len(classes) != len(emoji):
        raise ValueError(f"trained_on_spec: {len(classes)} classes and {len(emoji)} emoji, expected one emoji per class")
    return {"dataset": dataset, "imageSize": [int(image_size[0]), int(image_size[1])],
            "classes": [{"name": n, "emoji": e} for n, e in zip(classes, emoji)]}


def sha256_file(path: Path) -> str:
    """Lowercase hex SHA-256 of a file, read in 1 MiB pieces (weights files can be GBs)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for piece in iter(lambda: f.read(1 << 20), b""):
            h.update(piece)
    return h.hexdigest()


def file_entries(bundle_dir: Path, sha256: bool = True) -> List[Dict[str, Any]]:
    """Every file under bundle_dir except manifest.json itself, '/'-separated, sorted, with its
    size and SHA-256 (bundle format v1 files[]: the app checks each file it reads against it, and
    loads an unchanged URL bundle from the browser's copy instead of downloading it again)."""
    entries = []
    for path in sorted(p for p in bundle_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(bundle_dir).as_posix()
        if rel != MANIFEST_FILE:
            entry: Dict[str, Any] = {"path": rel, "bytes": path.stat().st_size}
            if sha256:
                entry["sha256"] = sha256_file(path)
            entries.append(entry)
    return entries


def write_manifest(bundle_dir: Path, *, name: str, description: str, kind: Union[Lexical, Dense],
                   preprocess: Spec, vision: Spec, text: Spec, provenance: Spec, gallery_size: int = 0,
                   eval_spec: Optional[Spec] = None, trained_on: Optional[Spec] = None,
                   sha256: bool = True, word_embeddings: Optional[Spec] = None) -> Dict[str, Any]:
    """Writes bundle_dir/manifest.json once every other file of the bundle is in place (files[]
    is read from the folder) and returns it. gallery_size 0: no gallery (the format has no empty
    one). eval_spec: manifest.eval ({"dir", "classes", "images"}) or None. trained_on:
    manifest.trainedOn (trained_on_spec) or None. sha256=False lists sizes only: the hand-made
    test fixtures, which tests edit without re-hashing. word_embeddings: a dense bundle's
    manifest.wordEmbeddings (lexvla.word_table), or None."""
    manifest: Dict[str, Any] = {
        "format": FORMAT, "version": VERSION, "name": name, "description": description,
        "kind": "lexical" if isinstance(kind, Lexical) else "dense", "preprocess": preprocess, "vision": vision,
    }
    if isinstance(kind, Lexical):
        manifest["vocabulary"] = {"file": VOCAB_FILE, "size": kind.vocab_size, "rule": kind.vocab_rule}
        manifest["sparsify"] = {"threshold": kind.threshold, "topK": kind.top_k}
    else:
        manifest["embeddingDim"] = kind.embedding_dim
    manifest["text"] = text
    if word_embeddings is not None:
        manifest["wordEmbeddings"] = word_embeddings
    if gallery_size > 0:
        manifest["gallery"] = {"index": GALLERY_INDEX, "size": gallery_size}
    if eval_spec is not None:
        manifest["eval"] = eval_spec
    if trained_on is not None:
        manifest["trainedOn"] = trained_on
    manifest["provenance"] = provenance
    manifest["files"] = file_entries(bundle_dir, sha256)
    (bundle_dir / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest

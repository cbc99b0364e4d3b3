#!/usr/bin/env python3
"""Writes e2e/fixtures/: hand-weighted colour bundles whose outputs are predictable by
construction, test images with masks, and deliberately bad inputs.

Run:  .venv/bin/python scripts/make_fixture_bundle.py      (deterministic; rewrites everything)

  color-bundle/         lexical, V = 24 (19 colour words + 5 never-activated words), text 'lookup'
  color-dense-bundle/   dense, D = 3 (unit mean colour), text 'precomputed' (colour prototypes)
  color-bundle.zip      the lexical bundle zipped, files at the zip root
  color-gallery-bundle/ the lexical bundle plus a captioned 6-image gallery and images/ as eval set
  images/               red-left-blue-right.png, red-square-on-blue.png (+ masks, evalset.json),
                        gradient-400x300.png
  bad/                  not-an-image.txt, empty.png, corrupt.png, huge-10000.png, animated.gif,
                        vector.svg, truncated-model/, not-onnx/
"""
from __future__ import annotations

import io
import json
import math
import shutil
import sys
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "train"))
from fixture_graphs import A, B, FLOOR, dense_model, lexical_model  # noqa: E402
from lexvla.manifest import Dense, Lexical, preprocess_spec, vision_spec, write_manifest  # noqa: E402

OUT = ROOT / "e2e" / "fixtures"

# Colour words with sRGB prototypes in [0, 1]; then words no colour comes near (prototype
# (-1, -1, -1) is at squared distance >= 3 from every pixel, so their logit sits at FLOOR).
COLOURS = {
    "red": (1, 0, 0), "green": (0, 0.8, 0), "blue": (0, 0, 1), "yellow": (1, 1, 0),
    "cyan": (0, 1, 1), "magenta": (1, 0, 1), "orange": (1, 0.5, 0), "purple": (0.5, 0, 0.5),
    "pink": (1, 0.75, 0.8), "white": (1, 1, 1), "black": (0, 0, 0), "gray": (0.5, 0.5, 0.5),
    "brown": (0.55, 0.27, 0.07), "navy": (0, 0, 0.5), "olive": (0.5, 0.5, 0), "teal": (0, 0.5, 0.5),
    "maroon": (0.5, 0, 0), "silver": (0.75, 0.75, 0.75), "gold": (1, 0.84, 0),
}
INERT = ["dog", "car", "tree", "music", "idea"]
WORDS = list(COLOURS) + INERT
PROTOS = np.array([COLOURS[w] for w in COLOURS] + [(-1, -1, -1)] * len(INERT), dtype=np.float32)

# Dense embeddings keep only a colour's direction, so maroon = red and gray = white there:
# the dense texts are the colours with distinct directions.
DENSE_TEXTS = ["red", "green", "blue", "yellow", "cyan", "magenta", "orange", "pink", "white", "brown"]

PREPROCESS = preprocess_spec(224, 14, mean=[0, 0, 0], std=[1, 1, 1])
INPUT = {"name": "pixel_values", "shape": [1, 3, 224, 224], "dtype": "float32"}
COMMAND = "/usr/bin/python3 scripts/make_fixture_bundle.py"
PROVENANCE_NOTES = (
    "Hand-weighted test fixture made by scripts/make_fixture_bundle.py, not trained. Each 14 x 14 "
    f"patch is averaged to its mean colour c; word w scores ELU(max({A:g} - {B:g} * ||c - proto_w||^2, "
    f"{FLOOR:g})) + 1, so a patch's nearest colour word scores 4, a colour at squared distance 0.25 "
    "scores 2, and the words dog, car, tree, music, idea are never activated."
)


def tokenizer_json() -> dict:
    """Hugging Face tokenizers JSON: WordLevel over [UNK] + WORDS, lowercase, whitespace split."""
    vocab = {"[UNK]": 0, **{w: i + 1 for i, w in enumerate(WORDS)}}
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [{"id": 0, "content": "[UNK]", "single_word": False, "lstrip": False,
                          "rstrip": False, "normalized": False, "special": True}],
        "normalizer": {"type": "Lowercase"}, "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": None, "decoder": None,
        "model": {"type": "WordLevel", "vocab": vocab, "unk_token": "[UNK]"},
    }


def write_json(path: Path, doc) -> None:
    path.write_text(json.dumps(doc, indent=1) + "\n")


def provenance(metrics=None) -> dict:
    doc = {"trainedBy": "scripts/make_fixture_bundle.py (hand-weighted fixture, not trained)",
           "data": "none", "command": COMMAND, "commit": "n/a (fixture)", "date": "2025-01-01",
           "notes": PROVENANCE_NOTES}
    if metrics:
        doc["metrics"] = metrics
    return doc


def lexical_manifest(folder: Path, name: str = "colour-fixture",
                     description: str = "Test fixture: names the colour of each patch. Hand-weighted, not trained.",
                     gallery_size: int = 0, eval_spec: dict | None = None) -> None:
    """The lexical fixture's manifest.json; files[] lists exact byte sizes and no SHA-256 (tests
    edit these bundles and fix only the sizes)."""
    v = len(WORDS)
    write_manifest(
        folder, name=name, description=description,
        kind=Lexical(v, "fixture-colour-words-v1", 1 / math.sqrt(v)), preprocess=PREPROCESS,
        vision=vision_spec("fp32", INPUT, {
            "patch": {"name": "patch_scores", "shape": [1, 256, v], "dtype": "float32"},
            "global": {"name": "global", "shape": [1, v], "dtype": "float32"}}),
        text={"mode": "lookup", "tokenizer": "tokenizer.json"}, provenance=provenance(),
        gallery_size=gallery_size, eval_spec=eval_spec, sha256=False)


def lexical_bundle(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "vision.onnx").write_bytes(lexical_model(PROTOS).SerializeToString())
    write_json(folder / "vocab.json", {"words": WORDS, "tokenIds": list(range(1, len(WORDS) + 1))})
    write_json(folder / "tokenizer.json", tokenizer_json())
    lexical_manifest(folder)


def dense_bundle(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "vision.onnx").write_bytes(dense_model().SerializeToString())
    colours = np.array([COLOURS[w] for w in DENSE_TEXTS], dtype=np.float64) + 1e-6
    vectors = colours / np.linalg.norm(colours, axis=1, keepdims=True)
    write_json(folder / "text.json", {"texts": DENSE_TEXTS, "vectors": [[round(float(x), 7) for x in r] for r in vectors]})
    write_manifest(
        folder, name="colour-dense-fixture",
        description="Test fixture: unit-length mean colour per patch (dense, D = 3). Hand-made, not trained.",
        kind=Dense(3), preprocess=PREPROCESS,
        vision=vision_spec("fp32", INPUT, {
            "patch": {"name": "patch_embeddings", "shape": [1, 256, 3], "dtype": "float32"},
            "global": {"name": "global", "shape": [1, 3], "dtype": "float32"}}),
        text={"mode": "precomputed", "file": "text.json"},
        provenance={**provenance(), "notes": "Hand-made dense test fixture from scripts/make_fixture_bundle.py: "
                    "patch embedding = (mean colour + 1e-6) / norm; texts = 10 colour words with distinct directions, "
                    "vectors = their unit prototypes."},
        sha256=False)


def png_bytes(array: np.ndarray, mode=None, **kw) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(array, mode).save(buf, format="PNG", optimize=True, **kw)
    return buf.getvalue()


def images(folder: Path) -> None:
    """Patch-aligned colour layouts (edges on multiples of 14 px) with class masks 1 red, 2 blue."""
    folder.mkdir(parents=True)
    red, blue = np.array([255, 0, 0], np.uint8), np.array([0, 0, 255], np.uint8)
    split = np.zeros((224, 224, 3), np.uint8)
    split[:, :112], split[:, 112:] = red, blue
    split_mask = np.full((224, 224), 2, np.uint8)
    split_mask[:, :112] = 1
    square = np.zeros((224, 224, 3), np.uint8)
    square[:] = blue
    square[56:168, 56:168] = red
    square_mask = np.full((224, 224), 2, np.uint8)
    square_mask[56:168, 56:168] = 1
    (folder / "red-left-blue-right.png").write_bytes(png_bytes(split))
    (folder / "red-left-blue-right.mask.png").write_bytes(png_bytes(split_mask, "L"))
    (folder / "red-square-on-blue.png").write_bytes(png_bytes(square))
    (folder / "red-square-on-blue.mask.png").write_bytes(png_bytes(square_mask, "L"))
    write_json(folder / "evalset.json", {
        "format": "lexvla-evalset", "version": 1, "name": "colour-fixture-evalset", "classes": ["red", "blue"],
        "items": [
            {"id": "red-left-blue-right", "image": "red-left-blue-right.png", "mask": "red-left-blue-right.mask.png",
             "captions": ["red on the left, blue on the right"],
             "boxes": [{"class": 1, "box": [0, 0, 112, 224]}, {"class": 2, "box": [112, 0, 224, 224]}]},
            {"id": "red-square-on-blue", "image": "red-square-on-blue.png", "mask": "red-square-on-blue.mask.png",
             "captions": ["a red square on a blue background"],
             "boxes": [{"class": 1, "box": [56, 56, 168, 168]}]},
        ],
    })
    y, x = np.mgrid[0:300, 0:400].astype(np.float64)
    gradient = np.stack([255 * x / 399, 255 * y / 299, 128 + 127 * np.sin(x / 40) * np.cos(y / 30)], axis=-1)
    gradient[np.hypot(x - 280, y - 120) < 50] = [250, 220, 40]  # a "sun"
    (folder / "gradient-400x300.png").write_bytes(png_bytes(np.rint(gradient).astype(np.uint8)))


def gallery_bundle(folder: Path, images_dir: Path) -> None:
    """color-bundle plus a 6-image captioned gallery (vectors computed here the way the graph
    does: ELU1p scores of patch mean colours, max-pooled, L2-normalised, kept above 1/sqrt(V);
    captions as vocabulary look-ups, 1/sqrt(n) each) and images/ as its evaluation set."""
    shutil.copytree(OUT / "color-bundle", folder)
    (folder / "gallery").mkdir()
    v = len(WORDS)
    colour = {w: np.array(COLOURS[w], np.float64) for w in COLOURS}

    def layout(background: str, centre: str | None = None, left: str | None = None) -> np.ndarray:
        img = np.zeros((224, 224, 3), np.float64)
        img[:] = colour[background]
        if centre:
            img[56:168, 56:168] = colour[centre]
        if left:
            img[:, :112] = colour[left]
        return img

    items = [
        ("red", layout("red"), ["red", "a red square"]),
        ("blue", layout("blue"), ["plain blue"]),
        ("green-on-yellow", layout("yellow", centre="green"), ["green on yellow"]),
        ("red-blue", layout("blue", left="red"), ["red and blue halves"]),
        ("white", layout("white"), ["white"]),
        ("orange", layout("orange"), ["orange"]),
    ]
    threshold = 1 / math.sqrt(v)

    def sparse(x: np.ndarray) -> dict:
        keep = np.nonzero(x > threshold)[0]
        return {"indices": [int(i) for i in keep], "values": [round(float(x[i]), 7) for i in keep]}

    image_vectors, caption_vectors, entries = [], [], []
    for name, img, captions in items:
        pixels = np.rint(img * 255).astype(np.uint8)
        (folder / "gallery" / f"{name}.png").write_bytes(png_bytes(pixels))
        means = (pixels.astype(np.float64) / 255).reshape(16, 14, 16, 14, 3).mean(axis=(1, 3)).reshape(256, 3)
        d2 = ((means[:, None, :] - PROTOS[None, :, :].astype(np.float64)) ** 2).sum(-1)
        logits = np.maximum(A - B * d2, FLOOR)
        scores = np.where(logits > 0, logits, np.expm1(logits)) + 1  # ELU + 1
        pooled = scores.max(axis=0)
        image_vectors.append(sparse(pooled / np.linalg.norm(pooled)))
        for c in captions:
            words = sorted({WORDS.index(t) for t in c.lower().split() if t in WORDS})
            caption_vectors.append({"indices": words, "values": [round(1 / math.sqrt(len(words)), 7)] * len(words)})
        entries.append({"id": name, "image": f"gallery/{name}.png", "captions": captions})
    write_json(folder / "gallery" / "index.json", {"format": "lexvla-gallery", "version": 1, "items": entries,
                                                   "imageVectors": image_vectors, "captionVectors": caption_vectors})
    shutil.copytree(images_dir, folder / "eval", ignore=shutil.ignore_patterns("gradient-*"))
    lexical_manifest(folder, "colour-gallery-fixture",
                     "Test fixture: the colour fixture with a captioned gallery and an evaluation set.",
                     gallery_size=len(items), eval_spec={"dir": "eval", "classes": 2, "images": 2})


def bad_inputs(folder: Path, good_bundle: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "not-an-image.txt").write_text("hello world, this is not an image\n")
    (folder / "empty.png").write_bytes(b"")
    whole = (OUT / "images" / "gradient-400x300.png").read_bytes()
    (folder / "corrupt.png").write_bytes(whole[: len(whole) // 2])
    buf = io.BytesIO()
    Image.new("1", (10000, 10000), 1).save(buf, format="PNG", optimize=True)  # 1-bit: compresses to KBs
    (folder / "huge-10000.png").write_bytes(buf.getvalue())
    frames = [Image.new("RGB", (32, 32), c) for c in [(255, 0, 0), (0, 0, 255), (0, 255, 0)]]
    buf = io.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    (folder / "animated.gif").write_bytes(buf.getvalue())
    (folder / "vector.svg").write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
                                       'width="32" height="32"><rect width="32" height="32" fill="red"/></svg>\n')
    # truncated-model: a download cut short. manifest.json still lists the full size.
    truncated = folder / "truncated-model"
    shutil.copytree(good_bundle, truncated)
    model = (truncated / "vision.onnx").read_bytes()
    (truncated / "vision.onnx").write_bytes(model[: len(model) // 2])
    # not-onnx: sizes are right (the manifest is rewritten), the content is text.
    not_onnx = folder / "not-onnx"
    shutil.copytree(good_bundle, not_onnx)
    (not_onnx / "vision.onnx").write_text("this is not an ONNX model\n")
    lexical_manifest(not_onnx)


def zip_bundle(folder: Path, target: Path) -> None:
    """Files at the zip root, fixed timestamps so re-running gives identical bytes."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                info = zipfile.ZipInfo(p.relative_to(folder).as_posix(), date_time=(2025, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, p.read_bytes())


def main() -> None:
    for name in ["color-bundle", "color-dense-bundle", "images", "bad", "color-bundle.zip", "color-gallery-bundle"]:
        path = OUT / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    OUT.mkdir(parents=True, exist_ok=True)
    lexical_bundle(OUT / "color-bundle")
    dense_bundle(OUT / "color-dense-bundle")
    zip_bundle(OUT / "color-bundle", OUT / "color-bundle.zip")
    images(OUT / "images")
    bad_inputs(OUT / "bad", OUT / "color-bundle")
    gallery_bundle(OUT / "color-gallery-bundle", OUT / "images")
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"wrote {OUT.relative_to(ROOT)} ({total / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()

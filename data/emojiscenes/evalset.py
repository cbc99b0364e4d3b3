"""Evaluation-set folders (docs/eval-set-format.md): evalset.json + images/ + masks/.

evalset.json follows EvalSetJson in src/bundle/types.ts exactly. Masks are grayscale PNGs the
size of their image, pixel k = classes[k-1], 0 = background: 8-bit when there are at most 255
classes, else 16-bit."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

import numpy as np
from PIL import Image

from .scene import Scene

EVALSET_FORMAT = "lexvla-evalset"
EVALSET_VERSION = 1
EVALSET_FILE = "evalset.json"


def mask_to_png_array(mask: np.ndarray, n_classes: int) -> np.ndarray:
    """uint16 [H, W] class mask -> uint8 (<= 255 classes) or uint16 array for PNG writing."""
    top = int(mask.max(initial=0))
    if top > n_classes:
        raise ValueError(f"mask: pixel value {top} found, expected 0..{n_classes} (number of classes)")
    return mask.astype(np.uint8) if n_classes <= 255 else mask.astype(np.uint16)


def write_evalset(scenes: Iterable[Scene], classes: list[str], out_dir: str | Path,
                  name: str = "emojiscenes") -> dict:
    """Write every scene as images/NNNN.png + masks/NNNN.png and return the evalset.json object."""
    out = Path(out_dir)
    (out / "images").mkdir(parents=True, exist_ok=True)
    (out / "masks").mkdir(parents=True, exist_ok=True)
    items = []
    for n, scene in enumerate(scenes):
        item_id = f"{n:04d}"
        if scene.mask.shape != scene.image.shape[:2]:
            raise ValueError(f"scene {item_id}: mask is {scene.mask.shape}, expected the image size "
                             f"{scene.image.shape[:2]}")
        image_rel, mask_rel = f"images/{item_id}.png", f"masks/{item_id}.png"
        Image.fromarray(scene.image).save(out / image_rel)
        Image.fromarray(mask_to_png_array(scene.mask, len(classes))).save(out / mask_rel)
        boxes = []
        for cls, x0, y0, x1, y1 in scene.boxes:
            if not 1 <= cls <= len(classes):
                raise ValueError(f"scene {item_id}: box class {cls}, expected 1..{len(classes)}")
            boxes.append({"class": int(cls), "box": [int(x0), int(y0), int(x1), int(y1)]})
        items.append({"id": item_id, "image": image_rel, "mask": mask_rel,
                      "captions": list(scene.captions), "boxes": boxes})
    doc = {"format": EVALSET_FORMAT, "version": EVALSET_VERSION, "name": name,
           "classes": list(classes), "items": items}
    (out / EVALSET_FILE).write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    return doc


def read_evalset(folder: str | Path) -> tuple[dict, list[np.ndarray], list[np.ndarray | None]]:
    """(evalset.json object, images uint8 [H, W, 3], masks uint16 [H, W] or None per item)."""
    root = Path(folder)
    path = root / EVALSET_FILE
    doc = json.loads(path.read_text(encoding="utf-8"))
    if doc.get("format") != EVALSET_FORMAT or doc.get("version") != EVALSET_VERSION:
        raise ValueError(f"{path}: format/version is {doc.get('format')!r}/{doc.get('version')!r}, "
                         f"expected {EVALSET_FORMAT!r}/{EVALSET_VERSION}")
    images, masks = [], []
    for item in doc["items"]:
        with Image.open(root / item["image"]) as im:
            images.append(np.asarray(im.convert("RGB")))
        if "mask" not in item:
            masks.append(None)
            continue
        with Image.open(root / item["mask"]) as im:
            mask = np.asarray(im).astype(np.uint16)
        if mask.shape != images[-1].shape[:2]:
            raise ValueError(f"{root / item['mask']}: size {mask.shape}, expected the image size "
                             f"{images[-1].shape[:2]}")
        masks.append(mask)
    return doc, images, masks

"""The class table (classes.json) and the emoji images behind it, loaded once per process."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

PACKAGE_DIR = Path(__file__).resolve().parent
REPO = PACKAGE_DIR.parents[1]
CLASSES_JSON = PACKAGE_DIR / "classes.json"
DEFAULT_EMOJI_ROOT = REPO / "node_modules" / "emoji-datasource-google"


@dataclass(frozen=True)
class ClassInfo:
    name: str
    label: str  # the CLDR label the name was derived from
    tags: tuple[str, ...]  # CLDR tags, the name itself excluded
    image: str  # file name under img/google/64
    unified: str  # code points, upper-case hex joined by "-" (emoji-datasource's "unified"), e.g. "2708-FE0F"


def load_class_table(path: Path = CLASSES_JSON) -> list[ClassInfo]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != "emojiscenes-classes":
        raise ValueError(f"{path}: format is {data.get('format')!r}, expected 'emojiscenes-classes'")
    rows = data["classes"]
    table = [ClassInfo(r["name"], r["label"], tuple(r["tags"]), r["image"], r["unified"]) for r in rows]
    names = [c.name for c in table]
    if names != sorted(set(names)):
        raise ValueError(f"{path}: classes[].name must be unique and sorted; regenerate with build_classes.py")
    return table


def load_emoji_images(table: list[ClassInfo], emoji_root: Path) -> list[Image.Image]:
    """One premultiplied-alpha ('RGBa') 64 x 64 image per class.

    Premultiplied so that resizing and rotating never blend the colour of fully transparent
    pixels into the edge (which would leave dark fringes around every emoji)."""
    img_dir = emoji_root / "img" / "google" / "64"
    out = []
    for c in table:
        path = img_dir / c.image
        if not path.is_file():
            raise FileNotFoundError(
                f"{path}: emoji image for class {c.name!r} not found; expected the "
                f"emoji-datasource-google npm package at {emoji_root} (run npm install)")
        with Image.open(path) as im:
            out.append(im.convert("RGBA").convert("RGBa"))
    return out

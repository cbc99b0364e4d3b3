"""Choose the EmojiScenes class set from the emoji packages and write classes.json.

Usage: .venv/bin/python data/emojiscenes/build_classes.py [--emoji-root DIR] [--out PATH]

A class is one Noto emoji that shows one concrete, visually distinct thing (an animal, a food,
a vehicle, an object, a plant, weather), with a short name usable as a text query and its
CLDR tags as synonyms. Selection = allowed sub-categories, minus the curated exclusions below
(each with its reason), minus near-duplicates. Output is sorted by name: deterministic.
"""
from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from .curation import EXCLUDE, RENAME, SUBCATEGORIES

REPO = Path(__file__).resolve().parents[2]
DEFAULT_EMOJI_ROOT = REPO / "node_modules/emoji-datasource-google"
DEFAULT_EMOJIBASE = REPO / "node_modules/emojibase-data/en/data.json"
DEFAULT_OUT = Path(__file__).resolve().parent / "classes.json"


def _ascii_lower(text: str) -> str:
    """'Piñata' -> 'pinata', "woman’s hat" -> "woman's hat": names must be plain ASCII queries."""
    text = text.replace("\u2019", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().strip()


def _emojibase_entry(index: dict[str, dict], unified: str) -> dict | None:
    # emojibase drops the FE0F variation selector that emoji-datasource keeps ("1F577-FE0F").
    return index.get(unified) or index.get(unified.replace("-FE0F", ""))


def select(emoji: list[dict], emojibase: list[dict], img_dir: Path) -> tuple[list[dict], Counter]:
    """Returns (classes sorted by name, counts of skipped candidates per reason)."""
    index = {e["hexcode"]: e for e in emojibase}
    skipped: Counter[str] = Counter()
    pool: list[dict] = []
    for e in sorted(emoji, key=lambda e: e["sort_order"]):
        if e["subcategory"] not in SUBCATEGORIES:
            continue
        base = _emojibase_entry(index, e["unified"])
        if not e.get("has_img_google") or not (img_dir / e["image"]).is_file():
            skipped["no-google-image"] += 1
            continue
        if base is None:
            skipped["no-cldr-entry"] += 1
            continue
        label = _ascii_lower(base["label"])
        if label in EXCLUDE:
            skipped[f"excluded: {EXCLUDE[label]}"] += 1
            continue
        pool.append({"label": label, "unified": e["unified"], "image": e["image"], "base": base, "sub": e["subcategory"]})
    classes: list[dict] = []
    names: set[str] = set()
    for p in pool:
        label = p["label"]
        # "dog face" next to "dog", "full moon face" next to "full moon": every "X face" in
        # these sub-categories is a variant of a whole thing, which segments better.
        if label.endswith(" face"):
            skipped["near-duplicate: face variant"] += 1
            continue
        name = RENAME.get(label, label)
        if name in names:
            skipped["near-duplicate: same name as an earlier emoji"] += 1
            continue
        names.add(name)
        # The CLDR label is a synonym too when the name shortened it ("automobile" for "car").
        tags = sorted(({_ascii_lower(t) for t in p["base"].get("tags", [])} | {label}) - {name})
        classes.append({
            "name": name,
            "label": label,
            "tags": tags,
            "unified": p["unified"],
            "image": p["image"],
            "subcategory": p["sub"],
        })
    classes.sort(key=lambda c: c["name"])
    return classes, skipped


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emoji-root", type=Path, default=DEFAULT_EMOJI_ROOT)
    parser.add_argument("--emojibase", type=Path, default=DEFAULT_EMOJIBASE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    emoji = json.loads((args.emoji_root / "emoji.json").read_text(encoding="utf-8"))
    emojibase = json.loads(args.emojibase.read_text(encoding="utf-8"))
    classes, skipped = select(emoji, emojibase, args.emoji_root / "img/google/64")
    out = {
        "format": "emojiscenes-classes",
        "version": 1,
        "source": "emoji-datasource-google (img/google/64) + emojibase-data/en/data.json",
        "count": len(classes),
        "skipped": dict(sorted(skipped.items())),
        "classes": classes,
    }
    args.out.write_text(json.dumps(out, indent=1, ensure_ascii=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(classes)} classes", file=sys.stderr)
    for reason, n in sorted(skipped.items()):
        print(f"  skipped {n:4d}  {reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

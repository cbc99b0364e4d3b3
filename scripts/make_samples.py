"""Placeholder sample images for the explorer (public/samples/), drawn with PIL.

Deterministic: the same script gives the same bytes. They stand in until held-out
EmojiScenes images replace them; samples.json lists what the app offers.
Run: /usr/bin/python3 scripts/make_samples.py
"""
from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "public" / "samples"
W, H = 320, 240


def ball_on_grass() -> Image.Image:
    im = Image.new("RGB", (W, H), (135, 190, 235))
    d = ImageDraw.Draw(im)
    d.rectangle([0, 150, W, H], fill=(70, 150, 60))
    d.ellipse([120, 90, 200, 170], fill=(210, 30, 40))
    return im


def sun_over_sea() -> Image.Image:
    im = Image.new("RGB", (W, H), (250, 215, 160))
    d = ImageDraw.Draw(im)
    d.ellipse([210, 30, 280, 100], fill=(255, 200, 0))
    d.rectangle([0, 140, W, H], fill=(30, 90, 170))
    d.polygon([(60, 140), (110, 140), (100, 155), (70, 155)], fill=(110, 60, 30))
    return im


def house() -> Image.Image:
    im = Image.new("RGB", (W, H), (200, 225, 245))
    d = ImageDraw.Draw(im)
    d.rectangle([0, 190, W, H], fill=(90, 160, 80))
    d.rectangle([100, 110, 220, 190], fill=(235, 225, 200))
    d.polygon([(90, 110), (160, 50), (230, 110)], fill=(160, 40, 40))
    d.rectangle([148, 145, 172, 190], fill=(100, 60, 30))
    return im


SAMPLES = [
    ("ball.png", "Red ball", ball_on_grass),
    ("sea.png", "Sun over sea", sun_over_sea),
    ("house.png", "House", house),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, _, draw in SAMPLES:
        draw().save(OUT / name, optimize=True)
    listing = [{"file": name, "label": label} for name, label, _ in SAMPLES]
    (OUT / "samples.json").write_text(json.dumps(listing, indent=2) + "\n")
    print(f"wrote {len(SAMPLES)} samples to {OUT}")


if __name__ == "__main__":
    main()

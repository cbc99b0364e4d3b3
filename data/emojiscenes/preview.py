"""Eyeball check: a grid of scenes, each as image | coloured mask with boxes | first caption.

Usage: PYTHONPATH=data .venv/bin/python -m emojiscenes.preview --out /tmp/x.png [--split train] [--seed 0]
"""
from __future__ import annotations

import argparse
import sys

import numpy as np
from PIL import Image, ImageDraw

from .generator import SPLITS, EmojiScenes

COLS, ROWS, TEXT_H = 4, 4, 28


def mask_colours(n_classes: int) -> np.ndarray:
    """uint8 [C+1, 3]: black background, then well-spread hues from a fixed-seed RNG."""
    rng = np.random.default_rng(7)
    table = rng.integers(60, 256, size=(n_classes + 1, 3), dtype=np.uint8)
    table[0] = 0
    return table


def render_grid(ds: EmojiScenes, split: str, start: int) -> Image.Image:
    s = ds.size
    cell_w, cell_h = 2 * s, s + TEXT_H
    grid = Image.new("RGB", (COLS * cell_w, ROWS * cell_h), (255, 255, 255))
    colours = mask_colours(len(ds.classes))
    for n in range(COLS * ROWS):
        scene = ds.scene(split, start + n)
        x, y = (n % COLS) * cell_w, (n // COLS) * cell_h
        grid.paste(Image.fromarray(scene.image), (x, y))
        mask_img = Image.fromarray(colours[scene.mask])
        draw = ImageDraw.Draw(mask_img)
        for cls, x0, y0, x1, y1 in scene.boxes:
            draw.rectangle((x0, y0, x1 - 1, y1 - 1), outline=(255, 255, 255))
            draw.text((x0 + 2, y0 + 1), ds.classes[cls - 1], fill=(255, 255, 255))
        grid.paste(mask_img, (x + s, y))
        ImageDraw.Draw(grid).text((x + 4, y + s + 2), scene.captions[0][:70], fill=(0, 0, 0))
        ImageDraw.Draw(grid).text((x + 4, y + s + 14), scene.captions[1][:70], fill=(90, 90, 90))
    return grid


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--split", default="train", choices=SPLITS)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--start", type=int, default=0)
    p.add_argument("--size", type=int, default=224)
    args = p.parse_args(argv)
    render_grid(EmojiScenes(size=args.size, seed=args.seed), args.split, args.start).save(args.out)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

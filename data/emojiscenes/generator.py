"""EmojiScenes: 1-6 Noto emoji pasted on a textured background, with exact class masks.

Deterministic in (seed, split, index): every scene draws from its own RNG stream, seeded by
SeedSequence([seed, split code, index]), so the splits are separate streams and any scene can be
made alone, in any order, in any worker process.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from .backgrounds import BackgroundMaker
from .captions import make_captions
from .classes import DEFAULT_EMOJI_ROOT, load_class_table, load_emoji_images
from .layout import Instance, draw_layout
from .scene import Scene
from .sprite import render

SPLITS = ("train", "val", "test")
_SPLIT_CODE = {"train": 1, "val": 2, "test": 3}
_CAPTION_STREAM = 1  # captions draw from a child stream: editing templates never moves pixels
ALPHA_THRESHOLD = 128  # a pixel belongs to an emoji's mask when its alpha >= 128 (of 255)


class EmojiScenes:
    def __init__(self, size: int = 224, seed: int = 0, emoji_root: str | None = None) -> None:
        if size < 32:
            raise ValueError(f"EmojiScenes: size is {size}, expected >= 32 pixels")
        self.size = int(size)
        self.seed = int(seed)
        root = Path(emoji_root) if emoji_root is not None else DEFAULT_EMOJI_ROOT
        self._table = load_class_table()
        self.classes: list[str] = [c.name for c in self._table]
        self.tags: list[list[str]] = [list(c.tags) for c in self._table]
        # Each class's emoji (code points, e.g. "1F415"): what a bundle's manifest names for the app's scene composer.
        self.emoji: list[str] = [c.unified for c in self._table]
        self._emoji: list[Image.Image] = load_emoji_images(self._table, root)
        if len(self.classes) > 65535:
            raise ValueError(f"EmojiScenes: {len(self.classes)} classes do not fit a uint16 mask")
        self._background = BackgroundMaker(self.size)

    def _rng(self, split: str, index: int, stream: int = 0) -> np.random.Generator:
        if split not in _SPLIT_CODE:
            raise ValueError(f"EmojiScenes.scene: split is {split!r}, expected one of {SPLITS}")
        if index < 0:
            raise ValueError(f"EmojiScenes.scene: index is {index}, expected >= 0")
        return np.random.default_rng([self.seed, _SPLIT_CODE[split], int(index), stream])

    def scene(self, split: str, index: int) -> Scene:
        rng = self._rng(split, index)
        background_px, background = self._background(rng)  # uint8 [H, W, 3]
        canvas = Image.fromarray(background_px)
        layout = draw_layout(rng, self.size, len(self.classes))
        mask = np.zeros((self.size, self.size), dtype=np.uint16)
        owner = np.zeros((self.size, self.size), dtype=np.uint8)  # instance number + 1
        regions = [self._paste(canvas, mask, owner, inst, n + 1) for n, inst in enumerate(layout)]
        boxes = self._visible_boxes(owner, layout, regions)
        classes = sorted({b[0] for b in boxes})
        captions = make_captions(self._rng(split, index, _CAPTION_STREAM), boxes, background,
                                 self.classes, self.tags, self.size)
        image = np.array(canvas)  # uint8 [H, W, 3], a writable copy the caller owns
        return Scene(image=image, mask=mask, boxes=boxes, classes=classes, captions=captions)

    def _paste(self, canvas: Image.Image, mask: np.ndarray, owner: np.ndarray, inst: Instance,
               number: int) -> tuple[int, int, int, int] | None:
        sprite = render(self._emoji[inst.cls - 1], inst)  # RGBA, straight alpha
        w, h = sprite.size
        x0, y0 = inst.cx - w // 2, inst.cy - h // 2
        # Clip to the canvas: emoji may hang over the edge, as objects do in photos.
        cx0, cy0 = max(x0, 0), max(y0, 0)
        cx1, cy1 = min(x0 + w, self.size), min(y0 + h, self.size)
        if cx0 >= cx1 or cy0 >= cy1:
            return None
        canvas.paste(sprite, (x0, y0), sprite)  # PIL clips to the canvas itself
        alpha = np.asarray(sprite.getchannel("A"))[cy0 - y0:cy1 - y0, cx0 - x0:cx1 - x0]
        solid = alpha >= ALPHA_THRESHOLD
        mask[cy0:cy1, cx0:cx1][solid] = inst.cls
        owner[cy0:cy1, cx0:cx1][solid] = number
        return cx0, cy0, cx1, cy1

    @staticmethod
    def _visible_boxes(owner: np.ndarray, layout: list[Instance],
                       regions: list[tuple[int, int, int, int] | None]) -> list[tuple[int, int, int, int, int]]:
        """(class, x0, y0, x1, y1) around each instance's visible pixels, x1/y1 exclusive.

        Later emoji cover earlier ones, so an instance keeps only the pixels it still owns;
        one left with none is dropped (it is not in the picture any more)."""
        boxes = []
        for n, (inst, region) in enumerate(zip(layout, regions)):
            if region is None:
                continue
            rx0, ry0, rx1, ry1 = region
            hit = owner[ry0:ry1, rx0:rx1] == n + 1
            cols = np.flatnonzero(hit.any(axis=0))
            if cols.size == 0:
                continue
            rows = np.flatnonzero(hit.any(axis=1))
            boxes.append((inst.cls, rx0 + int(cols[0]), ry0 + int(rows[0]),
                          rx0 + int(cols[-1]) + 1, ry0 + int(rows[-1]) + 1))
        return boxes

"""Tiny image-text shards for tests and smoke runs: EmojiScenes (data/emojiscenes) written as
img2dataset shards, or plain coloured squares where the emoji images are absent (the GPU machine
gets no node_modules)."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Iterator, List, Tuple

import numpy as np
from PIL import Image

from .shards import write_shards

SQUARES = {"dog": (200, 40, 40), "cat": (40, 200, 40), "apple": (40, 40, 200), "tree": (200, 200, 40)}


def _emoji_scenes(size: int):
    try:
        from emojiscenes import EmojiScenes

        scenes = EmojiScenes(size=size, seed=0)
        scenes.scene("train", 0)  # fails here when the emoji PNGs are missing
        return scenes
    except (OSError, ImportError) as err:
        print(f"synthetic shards: EmojiScenes unavailable ({err}); using coloured squares")
        return None


def _squares(count: int, size: int) -> Iterator[Tuple[np.ndarray, str]]:
    names = list(SQUARES)
    for i in range(count):
        rng = np.random.RandomState(i)
        name = names[rng.randint(len(names))]
        image = np.full((size, size, 3), 255, np.uint8)
        x, y = (int(v) for v in rng.randint(0, size // 2, size=2))
        image[y:y + size // 2, x:x + size // 2] = SQUARES[name]
        yield image, f"a {name}"


def emoji_shards(out: Path, count: int, per_shard: int, size: int = 96) -> List[Path]:
    """`count` samples as JPEG + caption prefixed by the sample index ("7: a dog ..."), so tests can
    identify samples after shuffling."""
    scenes = _emoji_scenes(size)
    pairs = ((s.image, s.captions[0]) for s in (scenes.scene("train", i) for i in range(count))) \
        if scenes is not None else _squares(count, size)

    def samples():
        for i, (image, caption) in enumerate(pairs):
            buf = io.BytesIO()
            Image.fromarray(image).save(buf, format="JPEG", quality=90)
            yield buf.getvalue(), f"{i}: {caption}"

    return write_shards(out, samples(), per_shard)

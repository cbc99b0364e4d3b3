"""Where each emoji goes: class, size, pose and position, drawn from the scene's RNG."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIN_OBJECTS, MAX_OBJECTS = 1, 6
SCALE_RANGE_224 = (40, 120)  # emoji side in pixels on a 224 px image; scaled with the image size


@dataclass(frozen=True)
class Instance:
    cls: int  # 1-based class index
    scale: int  # side of the square emoji before rotation, pixels
    angle: float  # degrees, counter-clockwise (PIL convention)
    hflip: bool
    vflip: bool
    cx: int  # centre, pixels; may lie near the edge so part of the emoji is cut off
    cy: int


def _pick_classes(rng: np.random.Generator, count: int, n_classes: int) -> list[int]:
    """Mostly distinct classes; a third of the scenes repeat one class so captions can count."""
    distinct = rng.choice(n_classes, size=count, replace=False) + 1
    picked = [int(c) for c in distinct]
    if count >= 2 and rng.random() < 0.35:
        repeats = int(rng.integers(2, count + 1))
        picked[:repeats] = [picked[0]] * repeats
        rng.shuffle(picked)
    return picked


def draw_layout(rng: np.random.Generator, size: int, n_classes: int) -> list[Instance]:
    """Instances in drawing order (later ones cover earlier ones)."""
    count = int(rng.integers(MIN_OBJECTS, MAX_OBJECTS + 1))
    lo, hi = (s * size / 224 for s in SCALE_RANGE_224)
    out = []
    for cls in _pick_classes(rng, count, n_classes):
        scale = max(8, int(round(rng.uniform(lo, hi))))
        angle = float(rng.uniform(-35, 35)) if rng.random() < 0.4 else 0.0
        hflip = bool(rng.random() < 0.5)
        vflip = bool(rng.random() < 0.05)  # rare: upside-down things are rare in photos too
        # Keep the centre at least a quarter-emoji inside, so most of each emoji stays in view.
        margin = scale // 4
        cx = int(rng.integers(margin, size - margin + 1))
        cy = int(rng.integers(margin, size - margin + 1))
        out.append(Instance(cls, scale, angle, hflip, vflip, cx, cy))
    return out

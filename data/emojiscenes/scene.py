"""The Scene record: one generated image with its ground truth."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Scene:
    image: np.ndarray  # uint8 [H, W, 3]
    mask: np.ndarray  # uint16 [H, W]; 0 = background, k = classes[k-1] (1-based)
    boxes: list[tuple[int, int, int, int, int]]  # (class 1-based, x0, y0, x1, y1) per instance, pixels
    classes: list[int]  # distinct 1-based classes present (visible pixels > 0), sorted
    captions: list[str]  # several captions, deterministic

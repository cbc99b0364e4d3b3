"""EmojiScenes: determinism, split separation, mask/box/class agreement, captions, speed."""
from __future__ import annotations

import hashlib
import re
import time

import numpy as np
import pytest

from emojiscenes import SPLITS, EmojiScenes
from emojiscenes.nouns import plural


def _digest(ds: EmojiScenes, split: str, index: int) -> str:
    s = ds.scene(split, index)
    h = hashlib.sha256(s.image.tobytes())
    h.update(s.mask.tobytes())
    h.update(repr((s.boxes, s.classes, s.captions)).encode())
    return h.hexdigest()


def test_same_scene_twice_is_identical(ds: EmojiScenes) -> None:
    fresh = EmojiScenes(size=224, seed=0)  # a second instance: no state carried between calls
    for split in SPLITS:
        for i in (0, 7, 123):
            assert _digest(ds, split, i) == _digest(ds, split, i) == _digest(fresh, split, i)


def test_order_of_generation_does_not_matter(ds: EmojiScenes) -> None:
    forward = [_digest(ds, "train", i) for i in range(5)]
    backward = [_digest(ds, "train", i) for i in reversed(range(5))][::-1]
    assert forward == backward


def test_splits_and_seeds_do_not_overlap(ds: EmojiScenes) -> None:
    per_split = {split: {_digest(ds, split, i) for i in range(60)} for split in SPLITS}
    assert all(len(d) == 60 for d in per_split.values())
    assert not per_split["train"] & per_split["val"]
    assert not per_split["train"] & per_split["test"]
    assert not per_split["val"] & per_split["test"]
    other_seed = EmojiScenes(size=224, seed=1)
    assert not {_digest(other_seed, "test", i) for i in range(60)} & per_split["test"]


def test_bad_arguments_name_the_value(ds: EmojiScenes) -> None:
    with pytest.raises(ValueError, match=r"split is 'dev', expected one of \('train', 'val', 'test'\)"):
        ds.scene("dev", 0)
    with pytest.raises(ValueError, match="index is -1, expected >= 0"):
        ds.scene("train", -1)


@pytest.mark.parametrize("size", [224, 96])
def test_mask_boxes_and_classes_agree(size: int) -> None:
    ds = EmojiScenes(size=size, seed=0)
    n_classes = len(ds.classes)
    for i in range(40):
        s = ds.scene("train", i)
        assert s.image.shape == (size, size, 3) and s.image.dtype == np.uint8
        assert s.mask.shape == (size, size) and s.mask.dtype == np.uint16
        present = sorted(set(np.unique(s.mask).tolist()) - {0})
        assert s.classes == present
        assert sorted({b[0] for b in s.boxes}) == present
        assert 1 <= len(s.boxes) <= 6 and all(1 <= c <= n_classes for c in present)
        for cls in present:
            # Every pixel of the class lies inside one of its boxes.
            covered = np.zeros_like(s.mask, dtype=bool)
            for c, x0, y0, x1, y1 in s.boxes:
                assert 0 <= x0 < x1 <= size and 0 <= y0 < y1 <= size
                if c == cls:
                    covered[y0:y1, x0:x1] = True
                    box = s.mask[y0:y1, x0:x1] == cls
                    # Tight: each edge row/column of a box touches the class.
                    assert box[0].any() and box[-1].any() and box[:, 0].any() and box[:, -1].any()
            assert not ((s.mask == cls) & ~covered).any()


def _mentions(caption: str, words: list[str]) -> bool:
    return any(re.search(rf"\b{re.escape(w)}\b", caption) for w in words)


def test_captions_mention_a_present_class_or_tag(ds: EmojiScenes) -> None:
    for i in range(150):
        s = ds.scene("val", i)
        assert len(s.captions) == 5 and len(set(s.captions)) == 5
        words = []
        for k in s.classes:
            for w in [ds.classes[k - 1], *ds.tags[k - 1]]:
                words += [w, plural(w)]
        for caption in s.captions:
            assert _mentions(caption, words), (i, caption)


def test_captions_use_relations_counts_and_backgrounds(ds: EmojiScenes) -> None:
    text = " | ".join(c for i in range(300) for c in ds.scene("train", i).captions)
    for phrase in ("to the left of", "above", "below", "two ", "three ", "background",
                   "striped", "checkered", "dots", "gradient"):
        assert phrase in text, phrase


def test_generation_speed(ds: EmojiScenes) -> None:
    n, best = 200, float("inf")
    for rep in range(3):
        t0 = time.perf_counter()
        for i in range(n):
            ds.scene("train", 10_000 + rep * n + i)
        best = min(best, (time.perf_counter() - t0) / n)
    print(f"\nEmojiScenes: {best * 1e3:.2f} ms per 224 px scene (best of 3 x {n}, one core)")

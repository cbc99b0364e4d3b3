"""Evaluation-set folders: round trip, EvalSetJson fields, 8- vs 16-bit masks, the CLI."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from emojiscenes import EmojiScenes, Scene
from emojiscenes import write_evalset as cli
from emojiscenes.evalset import read_evalset, write_evalset


def _png_bit_depth(path: Path) -> int:
    return path.read_bytes()[24]  # IHDR bit depth


def test_round_trip(ds: EmojiScenes, tmp_path: Path) -> None:
    scenes = [ds.scene("test", i) for i in range(4)]
    doc = write_evalset(scenes, ds.classes, tmp_path, name="rt")
    doc2, images, masks = read_evalset(tmp_path)
    assert doc == doc2 == json.loads((tmp_path / "evalset.json").read_text())
    assert set(doc) == {"format", "version", "name", "classes", "items"}
    assert doc["format"] == "lexvla-evalset" and doc["version"] == 1 and doc["classes"] == ds.classes
    for scene, item, image, mask in zip(scenes, doc["items"], images, masks):
        assert set(item) == {"id", "image", "mask", "captions", "boxes"}
        assert np.array_equal(image, scene.image) and np.array_equal(mask, scene.mask)
        assert item["captions"] == scene.captions
        assert [(b["class"], *b["box"]) for b in item["boxes"]] == scene.boxes
    # 297 classes do not fit in 8 bits.
    assert _png_bit_depth(tmp_path / doc["items"][0]["mask"]) == 16


def _tiny_scene(top: int) -> Scene:
    mask = np.zeros((8, 8), np.uint16)
    mask[2:4, 2:5] = top
    return Scene(image=np.full((8, 8, 3), 9, np.uint8), mask=mask, boxes=[(top, 2, 2, 5, 4)],
                 classes=[top], captions=["a thing"])


def test_few_classes_give_8_bit_masks(tmp_path: Path) -> None:
    doc = write_evalset([_tiny_scene(3)], ["a", "b", "c"], tmp_path)
    assert _png_bit_depth(tmp_path / doc["items"][0]["mask"]) == 8
    _, _, masks = read_evalset(tmp_path)
    assert masks[0][2, 2] == 3 and masks[0].sum() == 3 * 6


def test_mask_value_beyond_classes_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"pixel value 4 found, expected 0\.\.3"):
        write_evalset([_tiny_scene(4)], ["a", "b", "c"], tmp_path)


def test_cli_writes_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "ev"
    assert cli.main(["--split", "test", "--count", "3", "--seed", "5", "--size", "64", "--out", str(out)]) == 0
    doc, images, _ = read_evalset(out)
    assert doc["name"] == "emojiscenes-test-seed5-3x64px"
    assert [it["id"] for it in doc["items"]] == ["0000", "0001", "0002"]
    assert images[0].shape == (64, 64, 3)
    assert np.array_equal(images[1], EmojiScenes(size=64, seed=5).scene("test", 1).image)

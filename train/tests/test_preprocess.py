"""lexvla.preprocess against the goldens in src/image/__fixtures__ (the same files the TS test
reads) and the hand-checkable definitions of docs/preprocessing.md.

Run: PYTHONPATH=train .venv/bin/python -m pytest train/tests/test_preprocess.py -q
"""
import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from lexvla.preprocess import (
    axis_table,
    composite,
    crop_box,
    decode_rgba,
    normalize,
    preprocess_array,
    preprocess_image,
    resized_size,
)

FIXTURES = Path(__file__).resolve().parents[2] / "src" / "image" / "__fixtures__"
DOC = json.loads((FIXTURES / "goldens.json").read_text())
SPEC = DOC["goldens"][0]["spec"]


@pytest.mark.parametrize("golden", DOC["goldens"], ids=lambda g: g["file"])
def test_matches_golden(golden):
    spec = golden["spec"]
    tensor, preview = preprocess_image(FIXTURES / golden["file"], spec)
    want = np.frombuffer(gzip.decompress((FIXTURES / golden["preview"]["file"]).read_bytes()), dtype=np.uint8)
    assert preview.shape == tuple(golden["preview"]["shape"])
    assert np.array_equal(preview.reshape(-1), want)
    assert tensor.shape == (1, 3, *spec["inputSize"]) and tensor.dtype == np.float32
    rgba = decode_rgba(str(FIXTURES / golden["file"]))
    h, w = rgba.shape[:2]
    assert (w, h) == (golden["decoded"]["width"], golden["decoded"]["height"])
    x0, y0, rw, rh = crop_box(w, h, spec)
    assert (rw, rh) == (golden["resized"]["width"], golden["resized"]["height"])
    assert x0 * w / rw == pytest.approx(golden["crop"]["x"])
    assert y0 * h / rh == pytest.approx(golden["crop"]["y"])


def test_tensor_is_normalised_preview_in_channel_order():
    spec = {**SPEC, "channelOrder": "BGR", "mean": [0.5, 0.0, 0.0], "std": [0.5, 1.0, 2.0]}
    preview = np.zeros((224, 224, 3), dtype=np.uint8)
    preview[...] = [255, 51, 0]
    t = normalize(preview, spec)
    assert t.shape == (1, 3, 224, 224)
    assert t[0, 0, 0, 0] == -1.0  # B
    assert t[0, 1, 0, 0] == np.float32(0.2)  # G
    assert t[0, 2, 0, 0] == 0.5  # R


@pytest.mark.parametrize(
    "a,c,bg,want",
    [(255, 10, 200, 10), (0, 10, 200, 200), (128, 0, 255, 127), (128, 255, 0, 128), (1, 255, 0, 1), (100, 50, 150, 111)],
)
def test_composite_rounds_half_up(a, c, bg, want):
    rgba = np.array([[[c, c, c, a]]], dtype=np.uint8)
    assert composite(rgba, [bg, bg, bg]).tolist() == [[[want, want, want]]]


@pytest.mark.parametrize(
    "w,h,edge,want", [(4000, 3000, 256, (341, 256)), (3000, 4000, 224, (224, 299)), (3, 2, 3, (5, 3)), (224, 224, 224, (224, 224))]
)
def test_resized_size(w, h, edge, want):
    assert resized_size(w, h, edge) == want


def test_bilinear_weights_are_pil_triangle():
    index, weights = axis_table(2, 4, "bilinear", 0, 4)
    values = (weights * np.array([0.0, 100.0])[index]).sum(axis=1)
    assert values.tolist() == [0.0, 25.0, 75.0, 100.0]
    index, weights = axis_table(4000, 341, "bilinear", 0, 341)
    assert np.allclose(weights.sum(axis=1), 1.0)
    assert index.max() < 4000


def test_identity_and_padding():
    spec = {**SPEC, "resize": {"shortestEdge": 224, "filter": "bilinear"}}
    rng = np.random.default_rng(0)
    rgba = np.concatenate([rng.integers(0, 256, (224, 224, 3)), np.full((224, 224, 1), 255)], axis=2).astype(np.uint8)
    _, preview = preprocess_array(rgba, spec)
    assert np.array_equal(preview, rgba[..., :3])
    spec = {**SPEC, "resize": {"shortestEdge": 100, "filter": "nearest"}, "background": [1, 2, 3]}
    _, preview = preprocess_array(np.full((100, 100, 4), [9, 9, 9, 255], dtype=np.uint8), spec)
    assert preview[0, 0].tolist() == [1, 2, 3] and preview[112, 112].tolist() == [9, 9, 9]


def test_rejects_wrong_array():
    with pytest.raises(ValueError, match=r"expected uint8 \[h, w, 4\]"):
        preprocess_array(np.zeros((4, 4, 3), dtype=np.uint8), SPEC)


# EXIF orientation n -> the transform that makes the stored pixels upright.
UPRIGHT = {
    1: lambda a: a,
    2: np.fliplr,
    3: lambda a: np.rot90(a, 2),
    4: np.flipud,
    5: lambda a: a.transpose(1, 0, 2),
    6: lambda a: np.rot90(a, -1),  # 90 degrees clockwise
    7: lambda a: np.rot90(a, 2).transpose(1, 0, 2),
    8: lambda a: np.rot90(a, 1),
}


@pytest.mark.parametrize("case", DOC["orientation"], ids=lambda o: f"orientation-{o['orientation']}")
def test_exif_orientation(case):
    stored = decode_rgba((FIXTURES / "orient-1.png").read_bytes())  # same pixels, orientation 1
    rgba = decode_rgba((FIXTURES / case["file"]).read_bytes())
    assert np.array_equal(rgba, UPRIGHT[case["orientation"]](stored))
    assert rgba.reshape(-1).tolist() == case["rgba"]

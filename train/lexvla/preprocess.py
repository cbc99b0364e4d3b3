"""Image preprocessing reference: the numpy twin of src/image/preprocess.ts.

docs/preprocessing.md defines every step; both implementations perform the same float64
operations in the same order, so they agree bit for bit before the final rounding. The training
job imports this module so a model is trained on exactly the pixels the browser will feed it.

Steps: decode (PIL, EXIF-transposed, RGBA8) -> composite alpha over the background (integers)
-> resize shorter side to shortestEdge (antialiased triangle filter, float64, horizontal then
vertical) -> center crop -> round half up to uint8 -> (byte * rescale - mean) / std, NCHW.
"""
from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any, Dict, Tuple, Union

import numpy as np
from PIL import Image, ImageOps

Spec = Dict[str, Any]  # PreprocessSpec from src/bundle/types.ts (camelCase keys)


def decode_rgba(path_or_bytes: Union[str, Path, bytes]) -> np.ndarray:
    """uint8 [h, w, 4]: upright (EXIF orientation applied), 16-bit samples keep their high byte."""
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, (bytes, bytearray)) else path_or_bytes
    with Image.open(source) as im:
        im.seek(0)
        im = ImageOps.exif_transpose(im)
        if im.mode in ("I", "I;16", "I;16B", "I;16L"):
            # PIL clips 16-bit grey to 255 when converting; the defined rule is the high byte.
            grey = (np.asarray(im).astype(np.uint32) >> 8).astype(np.uint8)
            im = Image.fromarray(grey, mode="L")
        return np.array(im.convert("RGBA"), dtype=np.uint8)


def composite(rgba: np.ndarray, background) -> np.ndarray:
    """uint8 [h, w, 3] = floor((2 * (a*c + (255-a)*bg) + 255) / 510): round half up, exact."""
    a = rgba[..., 3:4].astype(np.int64)
    c = rgba[..., :3].astype(np.int64)
    bg = np.asarray(background, dtype=np.int64).reshape(1, 1, 3)
    return ((2 * (a * c + (255 - a) * bg) + 255) // 510).astype(np.uint8)


def resized_size(width: int, height: int, shortest_edge: int) -> Tuple[int, int]:
    """(width, height) after resizing the shorter side to shortest_edge, other side rounded half up."""
    if width <= height:
        return shortest_edge, (2 * height * shortest_edge + width) // (2 * width)
    return (2 * width * shortest_edge + height) // (2 * height), shortest_edge


def axis_table(in_size: int, out_size: int, filt: str, first: int, n: int):
    """(index int64 [n, taps], weights float64 [n, taps]) for output indices first..first+n-1."""
    scale = in_size / out_size
    if filt == "nearest":
        idx = np.array([min(math.floor((first + i + 0.5) * scale), in_size - 1) for i in range(n)])
        return idx.reshape(n, 1), np.ones((n, 1))
    if filt != "bilinear":
        raise ValueError(f"preprocess.resize.filter is {filt!r}, expected 'bilinear' or 'nearest'")
    fs = max(scale, 1.0)
    support = fs
    ss = 1.0 / fs
    max_taps = math.ceil(support) * 2 + 1
    index = np.zeros((n, max_taps), dtype=np.int64)
    weights = np.zeros((n, max_taps), dtype=np.float64)
    for i in range(n):
        center = (first + i + 0.5) * scale
        xmin = max(math.floor(center - support + 0.5), 0)
        xmax = min(math.floor(center + support + 0.5), in_size)
        total = 0.0
        for k in range(xmax - xmin):
            t = abs((xmin + k - center + 0.5) * ss)
            w = 1.0 - t if t < 1.0 else 0.0
            weights[i, k] = w
            total += w
        if total != 0.0:
            weights[i, : xmax - xmin] /= total
        index[i, : xmax - xmin] = np.arange(xmin, xmax)
        index[i, xmax - xmin :] = xmin  # padded taps have weight 0; any valid index will do
    return index, weights


def crop_box(width: int, height: int, spec: Spec) -> Tuple[int, int, int, int]:
    """(x0, y0, rw, rh): crop offset inside the resized image, and the resized size."""
    out_h, out_w = spec["inputSize"]
    rw, rh = resized_size(width, height, spec["resize"]["shortestEdge"])
    return (rw - out_w) // 2, (rh - out_h) // 2, rw, rh


def resize_crop(rgb: np.ndarray, spec: Spec) -> np.ndarray:
    """uint8 [H, W, 3]: the resized, center-cropped, rounded image (background where padded)."""
    h, w = rgb.shape[:2]
    out_h, out_w = spec["inputSize"]
    x0, y0, rw, rh = crop_box(w, h, spec)
    c_first, c_last = max(x0, 0), min(x0 + out_w, rw)
    r_first, r_last = max(y0, 0), min(y0 + out_h, rh)
    filt = spec["resize"]["filter"]
    h_idx, h_w = axis_table(w, rw, filt, c_first, c_last - c_first)
    v_idx, v_w = axis_table(h, rh, filt, r_first, r_last - r_first)
    src = rgb.astype(np.float64)
    # Accumulate tap by tap (never np.sum: its pairwise order would differ from the TS loop).
    tmp = np.zeros((h, c_last - c_first, 3))
    for k in range(h_idx.shape[1]):
        tmp += h_w[None, :, k, None] * src[:, h_idx[:, k], :]
    acc = np.zeros((r_last - r_first, c_last - c_first, 3))
    for k in range(v_idx.shape[1]):
        acc += v_w[:, k, None, None] * tmp[v_idx[:, k], :, :]
    out = np.empty((out_h, out_w, 3), dtype=np.uint8)
    out[:, :] = np.asarray(spec["background"], dtype=np.uint8)
    out[r_first - y0 : r_last - y0, c_first - x0 : c_last - x0] = np.clip(np.floor(acc + 0.5), 0, 255)
    return out


def normalize(preview: np.ndarray, spec: Spec) -> np.ndarray:
    """float32 [1, 3, H, W] = (byte * rescale - mean[c]) / std[c], channels in channelOrder."""
    order = [0, 1, 2] if spec["channelOrder"] == "RGB" else [2, 1, 0]
    x = preview[..., order].astype(np.float64).transpose(2, 0, 1)
    mean = np.asarray(spec["mean"], dtype=np.float64).reshape(3, 1, 1)
    std = np.asarray(spec["std"], dtype=np.float64).reshape(3, 1, 1)
    return ((x * spec["rescale"] - mean) / std).astype(np.float32)[None]


def preprocess_array(rgba: np.ndarray, spec: Spec) -> Tuple[np.ndarray, np.ndarray]:
    """rgba uint8 [h, w, 4] -> (tensor float32 [1, 3, H, W], preview uint8 [H, W, 3])."""
    if rgba.ndim != 3 or rgba.shape[2] != 4 or rgba.dtype != np.uint8:
        raise ValueError(f"preprocess_array: got {rgba.dtype} {rgba.shape}, expected uint8 [h, w, 4]")
    preview = resize_crop(composite(rgba, spec["background"]), spec)
    return normalize(preview, spec), preview


def preprocess_image(path_or_bytes: Union[str, Path, bytes], spec: Spec) -> Tuple[np.ndarray, np.ndarray]:
    """A file (path or bytes) -> (tensor float32 [1, 3, H, W], preview uint8 [H, W, 3])."""
    return preprocess_array(decode_rgba(path_or_bytes), spec)

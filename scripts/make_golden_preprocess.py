#!/usr/bin/env python3
"""Writes src/image/__fixtures__/: test images and the Python reference's preprocessing goldens.

Run:  PYTHONPATH=train .venv/bin/python scripts/make_golden_preprocess.py
Deterministic (seeded); re-running rewrites identical files.

For each fixture image: <name>.preview.bin.gz = gzip of the reference's uint8 [224, 224, 3]
preview (gzip keeps the folder under 1 MB); goldens.json = shapes, resized size, crop, spec and,
for information, how far PIL's own Image.resize(BILINEAR) lands from the reference.
Also orient-<n>.png (n = 1..8): a 3 x 2 image stored with EXIF orientation n, plus the upright
pixels PIL's exif_transpose gives, to pin all eight orientations exactly.
"""
from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import numpy as np
from PIL import Image

from lexvla.preprocess import composite, crop_box, decode_rgba, preprocess_image

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "image" / "__fixtures__"

# The spec the goldens use: DINOv2-style, resize to 256 then crop 224 (so both axes get cropped).
SPEC = {
    "inputSize": [224, 224],
    "patchSize": 14,
    "grid": [16, 16],
    "resize": {"shortestEdge": 256, "filter": "bilinear"},
    "crop": "center",
    "background": [255, 255, 255],
    "rescale": 1 / 255,
    "mean": [0.485, 0.456, 0.406],
    "std": [0.229, 0.224, 0.225],
    "channelOrder": "RGB",
    "layout": "NCHW",
}
# A second spec exercises nearest, BGR, a coloured background and upscaling to exactly 224.
SPEC_NEAREST_BGR = {
    **SPEC,
    "resize": {"shortestEdge": 224, "filter": "nearest"},
    "background": [0, 128, 255],
    "channelOrder": "BGR",
}


def pattern(w: int, h: int, seed: int) -> np.ndarray:
    """uint8 [h, w, 3]: smooth gradients, rings and hard edges (edges stress the filters)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 127.5 + 127.5 * np.sin(x / (7 + seed) + y / 23)
    g = 255 * x / max(w - 1, 1)
    b = 127.5 + 127.5 * np.cos(np.hypot(x - w / 3, y - h / 2) / 9)
    img = np.stack([r, g, b], axis=-1)
    img[(x // 37 + y // 29) % 2 == 0] *= 0.6  # checkerboard of hard edges
    img += rng.normal(0, 1, img.shape)  # a little noise, like a photo
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def make_images() -> dict:
    """name -> (bytes, spec). Each image is small but exercises one decoder path."""
    images = {}

    def png(im: Image.Image, **kw) -> bytes:
        buf = io.BytesIO()
        im.save(buf, format="PNG", optimize=True, **kw)
        return buf.getvalue()

    def jpg(im: Image.Image, **kw) -> bytes:
        buf = io.BytesIO()
        im.save(buf, format="JPEG", quality=90, **kw)
        return buf.getvalue()

    rgb = pattern(300, 200, 1)
    alpha = np.clip(np.mgrid[0:200, 0:300][1] * 255 / 299, 0, 255).astype(np.uint8)
    alpha[60:140, 100:200] = 0  # a fully transparent hole
    images["alpha.png"] = (png(Image.fromarray(np.dstack([rgb, alpha]), "RGBA")), SPEC)
    images["wide.png"] = (png(Image.fromarray(pattern(400, 240, 2))), SPEC)
    images["small.png"] = (png(Image.fromarray(pattern(50, 40, 3))), SPEC)
    images["small-nearest-bgr.png"] = (png(Image.fromarray(pattern(50, 40, 3))), SPEC_NEAREST_BGR)
    grey16 = (pattern(260, 300, 4)[..., 1].astype(np.uint16) * 257 + np.arange(300)[:, None] % 256).astype(np.uint16)
    images["grey16.png"] = (png(Image.fromarray(grey16, "I;16")), SPEC)
    pal = Image.fromarray(pattern(200, 150, 5)).quantize(colors=32, method=Image.Quantize.MEDIANCUT)
    images["palette.png"] = (png(pal, transparency=3), SPEC)
    exif = Image.Exif()
    exif[0x0112] = 6  # stored landscape, shown portrait: rotate 90 degrees clockwise
    images["exif6.jpg"] = (jpg(Image.fromarray(pattern(320, 240, 6)), exif=exif.tobytes()), SPEC)
    images["grey.jpg"] = (jpg(Image.fromarray(pattern(300, 300, 7)[..., 0], "L")), SPEC)
    return images


def pil_pipeline(data: bytes, spec: dict) -> np.ndarray:
    """What a plain PIL pipeline gives: same composite, PIL's fixed-point resize, same crop."""
    rgba = decode_rgba(data)
    h, w = rgba.shape[:2]
    x0, y0, rw, rh = crop_box(w, h, spec)
    im = Image.fromarray(composite(rgba, spec["background"]))
    filt = Image.Resampling.BILINEAR if spec["resize"]["filter"] == "bilinear" else Image.Resampling.NEAREST
    resized = np.asarray(im.resize((rw, rh), filt))
    out_h, out_w = spec["inputSize"]
    return resized[y0 : y0 + out_h, x0 : x0 + out_w]


def orientation_fixtures() -> list:
    """orient-n.png: a 3 x 2 image of six distinct colours stored with EXIF orientation n."""
    base = np.array(
        [[[255, 0, 0, 255], [0, 255, 0, 255], [0, 0, 255, 255]],
         [[255, 255, 0, 255], [0, 255, 255, 255], [255, 0, 255, 128]]], dtype=np.uint8)
    cases = []
    for n in range(1, 9):
        exif = Image.Exif()
        exif[0x0112] = n
        buf = io.BytesIO()
        Image.fromarray(base, "RGBA").save(buf, format="PNG", exif=exif.tobytes())
        name = f"orient-{n}.png"
        (OUT / name).write_bytes(buf.getvalue())
        upright = decode_rgba(buf.getvalue())
        cases.append({"file": name, "orientation": n, "width": int(upright.shape[1]),
                      "height": int(upright.shape[0]), "rgba": upright.reshape(-1).tolist()})
    return cases


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    entries = []
    for name, (data, spec) in make_images().items():
        (OUT / name).write_bytes(data)
        _, preview = preprocess_image(data, spec)
        golden = f"{name}.preview.bin.gz"
        (OUT / golden).write_bytes(gzip.compress(preview.tobytes(), mtime=0))
        rgba = decode_rgba(data)
        h, w = rgba.shape[:2]
        x0, y0, rw, rh = crop_box(w, h, spec)
        diff = np.abs(pil_pipeline(data, spec).astype(int) - preview.astype(int))
        entries.append({
            "file": name,
            "spec": spec,
            "decoded": {"width": w, "height": h},
            "resized": {"width": rw, "height": rh},
            "crop": {"x": x0 * w / rw, "y": y0 * h / rh,
                     "width": spec["inputSize"][1] * w / rw, "height": spec["inputSize"][0] * h / rh},
            "preview": {"file": golden, "shape": list(preview.shape), "dtype": "uint8", "encoding": "gzip"},
            "pilResizeVsReference": {"maxAbs": int(diff.max()), "meanAbs": round(float(diff.mean()), 4)},
        })
        print(f"{name:24s} {w}x{h} -> {rw}x{rh}  PIL resize vs reference: max {diff.max()}, mean {diff.mean():.4f}")
    doc = {"note": "made by scripts/make_golden_preprocess.py", "goldens": entries,
           "orientation": orientation_fixtures()}
    (OUT / "goldens.json").write_text(json.dumps(doc, indent=1) + "\n")
    total = sum(p.stat().st_size for p in OUT.iterdir())
    print(f"wrote {OUT.relative_to(ROOT)} ({total / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()

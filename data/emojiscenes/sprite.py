"""Render one emoji instance: scale, flip and rotate the 64 px premultiplied source.

Speed matters (a scene must take ~3 ms): an unrotated instance is a plain resize (~0.1 ms); a rotated one is a single affine transform that samples the source
once at the output size (~0.4 ms), never a resize followed by a rotate."""
from __future__ import annotations

import math

from PIL import Image

from .layout import Instance


def render(source: Image.Image, inst: Instance) -> Image.Image:
    """source: premultiplied 'RGBa' image. Returns a straight-alpha 'RGBA' image, ready for
    Image.paste(sprite, xy, sprite), whose C blend is ~3x faster than the same blend in numpy."""
    if inst.angle == 0.0:
        out = source.resize((inst.scale, inst.scale), Image.BILINEAR)
        if inst.hflip:
            out = out.transpose(Image.FLIP_LEFT_RIGHT)
        if inst.vflip:
            out = out.transpose(Image.FLIP_TOP_BOTTOM)
        return out.convert("RGBA")
    sw, sh = source.size
    k = inst.scale / sw
    theta = math.radians(inst.angle)
    cos, sin = math.cos(theta), math.sin(theta)
    side = max(1, math.ceil(inst.scale * (abs(cos) + abs(sin))))
    fx = -1.0 if inst.hflip else 1.0
    fy = -1.0 if inst.vflip else 1.0
    # PIL wants the inverse map, output -> source: p_in = c_in + F R^T (p_out - c_out) / k,
    # with R the counter-clockwise rotation on screen (y down) and F the flips.
    a, b = fx * cos / k, -fx * sin / k
    d, e = fy * sin / k, fy * cos / k
    co = side / 2
    c = sw / 2 - a * co - b * co
    f = sh / 2 - d * co - e * co
    out = source.transform((side, side), Image.AFFINE, (a, b, c, d, e, f), resample=Image.BILINEAR)
    return out.convert("RGBA")

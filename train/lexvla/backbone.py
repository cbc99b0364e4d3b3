"""Vision backbones. LexVLA freezes DINOv2; at the tiny scale a small ViT with DINOv2's
interface (patch 14, 224 px -> 16 x 16 = 256 patch tokens, plus a CLS token) is trained from
scratch instead. Losses, export and evaluation see only the `Backbone` protocol, so a frozen
DINOv2 wrapper (real-scale path, needs `transformers`) can replace TinyViT unchanged."""
from __future__ import annotations

from typing import NamedTuple

import torch
from torch import Tensor, nn

from .config import ModelConfig
from .layers import Block

try:  # Protocol is in typing from Python 3.8.
    from typing import Protocol
except ImportError:  # pragma: no cover
    from typing_extensions import Protocol  # type: ignore


class BackboneOutput(NamedTuple):
    patch_tokens: Tensor  # float [B, 256, d]
    cls_token: Tensor  # float [B, d]


class Backbone(Protocol):
    width: int  # d
    num_patches: int  # 256

    def __call__(self, pixel_values: Tensor) -> BackboneOutput:  # pixel_values float [B, 3, 224, 224]
        ...


class TinyViT(nn.Module):
    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.width = cfg.width
        self.num_patches = cfg.grid * cfg.grid
        self.patch_embed = nn.Conv2d(3, cfg.width, kernel_size=cfg.patch_size, stride=cfg.patch_size)
        self.cls = nn.Parameter(torch.zeros(1, 1, cfg.width))
        self.pos = nn.Parameter(torch.randn(1, 1 + self.num_patches, cfg.width) * 0.02)
        self.blocks = nn.ModuleList([Block(cfg.width, cfg.heads) for _ in range(cfg.depth)])
        self.norm = nn.LayerNorm(cfg.width)

    def forward(self, pixel_values: Tensor) -> BackboneOutput:
        x = self.patch_embed(pixel_values).flatten(2).transpose(1, 2)  # [B, 256, d]
        x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], dim=1) + self.pos  # [B, 257, d]
        for block in self.blocks:
            x = block(x)
        x = self.norm(x)
        return BackboneOutput(patch_tokens=x[:, 1:], cls_token=x[:, 0])


def make_backbone(cfg: ModelConfig) -> nn.Module:
    """The vision backbone named by cfg.backbone: "vit" (TinyViT) or "cnn" (cnn.TinyCNN)."""
    if cfg.backbone == "vit":
        return TinyViT(cfg)
    if cfg.backbone == "cnn":
        from .cnn import TinyCNN  # cnn.py imports BackboneOutput from here

        return TinyCNN(cfg)
    raise ValueError(f"model config: backbone is {cfg.backbone!r}, expected 'vit' or 'cnn'")

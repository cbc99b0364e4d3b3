"""A small residual CNN with the `Backbone` interface: the tiny models' vision encoder.

LexVLA freezes DINOv2 because DINOv2 already sees; no such backbone exists on this project's
machines, and a ViT trained from scratch for half an hour on a 2-core CPU barely sees (the first
default models: docs/training.md). A convolutional stem learns edges and colours in minutes
where a ViT must first learn locality, so the tiny models train this backbone end to end.

Layout (input S px, grid G = S / patch_size):
  patchify stem: conv k=s=stem_stride (3 -> w0) + BN + GELU
  per stage i: [downsample conv k=s=2 (w_{i-1} -> w_i) + BN] then `blocks` residual blocks
  (k x k conv, BN, GELU, k x k conv, BN, + skip, GELU; k = cnn_kernels[i], 3 by default); the
  last stage's map is the G x G grid.
patch tokens = the last map, flattened row-major ([B, G*G, w_last]); cls token = their mean.
BatchNorm folds into the convolutions at export, so the ONNX graph is convolutions only."""
from __future__ import annotations

from typing import Sequence

import torch.nn.functional as F
from torch import Tensor, nn

from .backbone import BackboneOutput
from .config import ModelConfig


class ResBlock(nn.Module):
    def __init__(self, width: int, kernel: int = 3) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(width, width, kernel, padding=kernel // 2, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, kernel, padding=kernel // 2, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        nn.init.zeros_(self.bn2.weight)  # each block starts as the identity (as in ResNet's zero-gamma)

    def forward(self, x: Tensor) -> Tensor:
        y = F.gelu(self.bn1(self.conv1(x)))
        return F.gelu(x + self.bn2(self.conv2(y)))


def _down(cin: int, cout: int, stride: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, stride, stride=stride, bias=False), nn.BatchNorm2d(cout))


class TinyCNN(nn.Module):
    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        widths: Sequence[int] = cfg.cnn_widths
        stride = cfg.patch_size // (2 ** (len(widths) - 1))
        if stride < 1 or stride * 2 ** (len(widths) - 1) != cfg.patch_size:
            raise ValueError(f"TinyCNN: patch_size {cfg.patch_size} is not stem stride x 2^{len(widths) - 1} "
                             f"for widths {list(widths)}")
        kernels: Sequence[int] = cfg.cnn_kernels or (3,) * len(widths)
        if len(kernels) != len(widths) or any(k < 1 or k % 2 == 0 for k in kernels):
            raise ValueError(f"TinyCNN: cnn_kernels {list(kernels)} must be one odd size per stage "
                             f"({len(widths)} stages for widths {list(widths)})")
        self.width = widths[-1]
        self.num_patches = cfg.grid * cfg.grid
        self.stem = nn.Sequential(_down(3, widths[0], stride), nn.GELU())
        stages = []
        for i, w in enumerate(widths):
            layers = [] if i == 0 else [_down(widths[i - 1], w, 2), nn.GELU()]
            layers += [ResBlock(w, kernels[i]) for _ in range(cfg.cnn_blocks)]
            stages.append(nn.Sequential(*layers))
        self.stages = nn.Sequential(*stages)
        self.norm = nn.LayerNorm(self.width)

    def forward(self, pixel_values: Tensor) -> BackboneOutput:
        x = self.stages(self.stem(pixel_values))  # [B, w, G, G]
        tokens = self.norm(x.flatten(2).transpose(1, 2))  # [B, G*G, w]
        return BackboneOutput(patch_tokens=tokens, cls_token=tokens.mean(dim=1))

"""LexVLA: vision backbone -> adapter -> mapper onto the vision codebook Z_img -> lexical scores,
and the text encoder onto the frozen text codebook Z_txt."""
from __future__ import annotations

import math
from typing import Optional

import torch
from torch import Tensor, nn

from .backbone import Backbone, make_backbone
from .config import ModelConfig
from .layers import Attention
from .lexical import elu1p, l2norm
from .text import LexTextEncoder, make_text_codebook


class Adapter(nn.Module):
    """One self-attention layer + an MLP lifting patch tokens d -> Dc (the paper: 4096)."""

    def __init__(self, width: int, heads: int, out_dim: int, attention: bool = True) -> None:
        super().__init__()
        self.norm1 = nn.LayerNorm(width) if attention else None
        self.attn = Attention(width, heads) if attention else None
        self.norm2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(), nn.Linear(4 * width, out_dim))

    def forward(self, tokens: Tensor) -> Tensor:  # [B, 256, d] -> [B, 256, Dc]
        x = tokens if self.attn is None else tokens + self.attn(self.norm1(tokens))
        return self.mlp(self.norm2(x))


class LexVision(nn.Module):
    def __init__(self, cfg: ModelConfig, z_txt: Tensor, backbone: Optional[Backbone] = None) -> None:
        super().__init__()
        self.backbone = backbone if backbone is not None else make_backbone(cfg)
        self.adapter = Adapter(self.backbone.width, cfg.heads, z_txt.shape[1], cfg.adapter_attention)
        self.z_img = nn.Parameter(z_txt.clone())  # [V, Dc]: initialised as a copy of Z_txt, trained
        # float [V] per-word mapper bias, or None (the paper's mapper): see ModelConfig.mapper_bias.
        self.z_bias = nn.Parameter(torch.full((z_txt.shape[0],), float(cfg.mapper_bias))) if cfg.mapper_bias else None

    def patch_logits(self, pixel_values: Tensor, words: Optional[Tensor] = None) -> Tensor:
        """pixel_values float [B, 3, 224, 224] -> mapper logits float [B, 256, V], or only the
        columns of `words` (int64 [S]) when training samples the vocabulary."""
        q = self.adapter(self.backbone(pixel_values).patch_tokens)  # [B, 256, Dc]
        z = self.z_img if words is None else self.z_img[words]
        logits = q @ z.t()
        if self.z_bias is not None:
            logits = logits + (self.z_bias if words is None else self.z_bias[words])
        return logits

    def patch_scores(self, pixel_values: Tensor) -> Tensor:
        """ELU1p scores float [B, 256, V] (> 0, not normalised): what vision.onnx outputs."""
        return elu1p(self.patch_logits(pixel_values))

    def global_scores(self, pixel_values: Tensor, words: Optional[Tensor] = None) -> Tensor:
        """max over patches of ELU1p scores, float [B, V], not normalised. ELU1p is monotonic,
        so the max is taken on the logits first: the [B, 256, V] tensor is then freed early,
        which is what makes large training batches fit."""
        return elu1p(self.patch_logits(pixel_values, words).amax(dim=1))


class LexVLA(nn.Module):
    kind = "lexical"

    def __init__(self, cfg: ModelConfig, remap: Tensor, vocab_size: int) -> None:
        super().__init__()
        self.cfg = cfg
        z_txt = make_text_codebook(vocab_size, cfg.codebook_dim, cfg.codebook_mean, cfg.codebook_seed)
        self.text = LexTextEncoder(cfg, remap, z_txt)
        self.vision = LexVision(cfg, z_txt)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))  # CLIP's init (inferred)

    @property
    def vocab_size(self) -> int:
        return self.vision.z_img.shape[0]

    def encode_image(self, pixel_values: Tensor) -> Tensor:
        """-> L2-normalised global lexical vectors float [B, V]."""
        return l2norm(self.vision.global_scores(pixel_values).float())

    def encode_text(self, input_ids: Tensor, attention_mask: Tensor) -> Tensor:
        """-> L2-normalised text lexical vectors float [B, V]."""
        return l2norm(self.text(input_ids, attention_mask).float())

"""CLIP-style dense baseline with the same backbone, data and step budget as LexVLA.

global = proj(CLS); patch embeddings = proj(patch tokens after the backbone's final LayerNorm),
i.e. the CLS projection applied to every patch (a simplified MaskCLIP reading: MaskCLIP also
reuses the last block's value path, omitted here). Text: token embeddings (initialised from
Z_txt, trained) -> small causal transformer -> last token -> proj. Joint space: D, L2-normalised."""
from __future__ import annotations

import math

import torch
from torch import Tensor, nn

from .backbone import TinyViT
from .config import ModelConfig
from .lexical import l2norm
from .text import TokenTransformer, last_token, make_text_codebook


class ClipVision(nn.Module):
    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.backbone = TinyViT(cfg)
        self.proj = nn.Linear(cfg.width, cfg.clip_dim, bias=False)

    def forward(self, pixel_values: Tensor):
        """-> (global [B, D], patch embeddings [B, 256, D]), both L2-normalised."""
        out = self.backbone(pixel_values)
        return l2norm(self.proj(out.cls_token)), l2norm(self.proj(out.patch_tokens))


class ClipText(nn.Module):
    def __init__(self, cfg: ModelConfig, remap: Tensor, vocab_size: int) -> None:
        super().__init__()
        init = make_text_codebook(vocab_size, cfg.codebook_dim, cfg.codebook_mean, cfg.codebook_seed)
        self.body = TokenTransformer(cfg, remap, init, trainable=True)
        self.proj = nn.Linear(cfg.codebook_dim, cfg.clip_dim, bias=False)

    def forward(self, input_ids: Tensor, attention_mask: Tensor) -> Tensor:
        """-> L2-normalised text embedding float [B, D]."""
        hidden, _ = self.body(input_ids, attention_mask)
        return l2norm(self.proj(last_token(hidden, attention_mask)))


class ClipModel(nn.Module):
    kind = "dense"

    def __init__(self, cfg: ModelConfig, remap: Tensor, vocab_size: int) -> None:
        super().__init__()
        self.cfg = cfg
        self.vision = ClipVision(cfg)
        self.text = ClipText(cfg, remap, vocab_size)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))

    def encode_image(self, pixel_values: Tensor) -> Tensor:
        return self.vision(pixel_values)[0].float()

    def encode_text(self, input_ids: Tensor, attention_mask: Tensor) -> Tensor:
        return self.text(input_ids, attention_mask).float()

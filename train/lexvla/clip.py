"""CLIP-style dense baseline with the same backbone, data and step budget as LexVLA.

ViT configs: global = proj(CLS); patch embeddings = proj(patch tokens after the backbone's final
LayerNorm), i.e. the CLS projection applied to every patch (a simplified MaskCLIP reading: MaskCLIP
also reuses the last block's value path, omitted here). CNN configs (the shipped CLIP-tiny): LexVLA's
adapter onto the joint space, global = the mean of the adapted patch tokens. Text: token embeddings
(initialised from Z_txt, trained) -> small causal transformer -> last token (ViT configs) or the
mean over real tokens plus a rarity-weighted bag of the token embeddings (CNN configs) -> proj.
Joint space: D, L2-normalised."""
from __future__ import annotations

import math

import torch
from torch import Tensor, nn

from .backbone import make_backbone
from .config import ModelConfig
from .lexical import l2norm
from .lexvla import Adapter
from .text import TokenTransformer, last_token, make_text_codebook


class ClipVision(nn.Module):
    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.backbone = make_backbone(cfg)
        # With the CNN backbone, CLIP gets LexVLA's adapter (the same layers, self-attention as
        # cfg.adapter_attention says) onto its joint space, so both models have the same vision
        # capacity; global = mean of the adapted patch tokens, so patch embeddings live in the
        # space the text is matched in.
        self.adapter = Adapter(self.backbone.width, cfg.heads, cfg.clip_dim, cfg.adapter_attention) if cfg.backbone == "cnn" else None
        self.proj = None if self.adapter is not None else nn.Linear(cfg.width, cfg.clip_dim, bias=False)

    def forward(self, pixel_values: Tensor):
        """-> (global [B, D], patch embeddings [B, N, D]), both L2-normalised."""
        out = self.backbone(pixel_values)
        if self.adapter is not None:
            patches = self.adapter(out.patch_tokens)  # [B, N, D]
            return l2norm(patches.mean(dim=1)), l2norm(patches)
        return l2norm(self.proj(out.cls_token)), l2norm(self.proj(out.patch_tokens))


class ClipText(nn.Module):
    def __init__(self, cfg: ModelConfig, remap: Tensor, vocab_size: int) -> None:
        super().__init__()
        init = make_text_codebook(vocab_size, cfg.codebook_dim, cfg.codebook_mean, cfg.codebook_seed)
        self.body = TokenTransformer(cfg, remap, init, trainable=True)
        self.proj = nn.Linear(cfg.codebook_dim, cfg.clip_dim, bias=False)
        # CNN configs pool the text by the mean over real tokens (a one-word class name and a
        # caption then read out alike); the ViT configs keep CLIP's last-token read-out.
        self.mean_pool = cfg.backbone == "cnn"
        if cfg.text_word_weights:
            # float [V]: the word weights LexVLA's text side uses (pool.word_weights, set before
            # training). A weighted bag of the token embeddings is added to the pooled output, so
            # CLIP's text tower starts from the same lexical prior as LexVLA's and learns on top.
            self.register_buffer("word_weight", torch.ones(vocab_size), persistent=True)
        else:
            self.word_weight = None

    def forward(self, input_ids: Tensor, attention_mask: Tensor) -> Tensor:
        """-> L2-normalised text embedding float [B, D]."""
        hidden, emb = self.body(input_ids, attention_mask)
        mask = attention_mask.to(hidden.dtype)[:, :, None]  # [B, L, 1]
        if self.mean_pool:
            pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
        else:
            pooled = last_token(hidden, attention_mask)
        if self.word_weight is not None:
            index = self.body.remap[input_ids]  # [B, L] in 0..V (V = not in the vocabulary)
            size = self.word_weight.shape[0]
            w = self.word_weight[index.clamp(max=size - 1)] * (index < size).to(hidden.dtype)  # [B, L]
            w = (w * mask[:, :, 0])[:, :, None]
            pooled = pooled + (emb * w).sum(dim=1) / w.sum(dim=1).clamp(min=1e-6)
        return l2norm(self.proj(pooled))


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

"""Lexical-vector operations shared by the model, the losses, evaluation and export."""
from __future__ import annotations

import math
from typing import Optional

import torch
import torch.nn.functional as F
from torch import Tensor


def elu1p(x: Tensor) -> Tensor:
    """ELU(x) + 1: positive everywhere, ~linear above 0, -> 0 for very negative logits."""
    return F.elu(x) + 1.0


def l2norm(x: Tensor, eps: float = 1e-12) -> Tensor:
    return x / x.norm(dim=-1, keepdim=True).clamp(min=eps)


def default_threshold(vocab_size: int) -> float:
    """The paper's sparsification threshold 1/sqrt(V) on the L2-normalised vector."""
    return 1.0 / math.sqrt(vocab_size)


def sparsify(v: Tensor, threshold: float, top_k: Optional[int] = None) -> Tensor:
    """Keep entries strictly above `threshold` (and, if top_k, only the k largest); zero the rest.
    v: L2-normalised float [..., V]. The result is not renormalised (the TS side does the same)."""
    kept = v * (v > threshold).to(v.dtype)
    if top_k is not None and top_k < v.shape[-1]:
        values, indices = kept.topk(top_k, dim=-1)
        kept = torch.zeros_like(kept).scatter(-1, indices, values)
    return kept


def active_words(v: Tensor, threshold: float) -> Tensor:
    """float [...]: number of entries above threshold, per vector."""
    return (v > threshold).sum(dim=-1).to(torch.float32)

"""Transformer building blocks shared by the vision backbone, the adapter and the text encoders.

Attention is written out (not nn.MultiheadAttention) so that the same code exports to ONNX
from torch 1.13 and uses the fused kernel (scaled_dot_product_attention) on torch 2.x GPUs.
"""
from __future__ import annotations

import math
from typing import Optional

import torch
import torch.nn.functional as F
from torch import Tensor, nn

_HAS_SDPA = hasattr(F, "scaled_dot_product_attention")


def _exporting() -> bool:
    return bool(torch.onnx.is_in_onnx_export())


class Attention(nn.Module):
    def __init__(self, dim: int, heads: int) -> None:
        super().__init__()
        if dim % heads != 0:
            raise ValueError(f"Attention: dim {dim} is not divisible by heads {heads}")
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x: Tensor, bias: Optional[Tensor] = None) -> Tensor:
        """x: float [B, N, dim]; bias: additive float [B, 1, N|1, N] (0 keep, -inf-ish drop)."""
        b, n, d = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]  # [B, heads, N, dh]
        if _HAS_SDPA and not _exporting():
            out = F.scaled_dot_product_attention(q, k, v, attn_mask=None if bias is None else bias.to(q.dtype))
        else:
            att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(d // self.heads))
            if bias is not None:
                att = att + bias
            out = att.softmax(dim=-1) @ v
        return self.proj(out.transpose(1, 2).reshape(b, n, d))


class Block(nn.Module):
    """Pre-LN transformer block: x + Attn(LN(x)), then x + MLP(LN(x))."""

    def __init__(self, dim: int, heads: int, mlp_ratio: float = 4.0) -> None:
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim)
        hidden = int(dim * mlp_ratio)
        self.mlp = nn.Sequential(nn.Linear(dim, hidden), nn.GELU(), nn.Linear(hidden, dim))

    def forward(self, x: Tensor, bias: Optional[Tensor] = None) -> Tensor:
        x = x + self.attn(self.norm1(x), bias)
        return x + self.mlp(self.norm2(x))


def padding_bias(attention_mask: Tensor, causal: bool) -> Tensor:
    """Additive attention bias [B, 1, L, L] from a 0/1 mask [B, L]: padded keys (and, if causal,
    future keys) get -1e4 (finite, so fp16/bf16 and ONNX stay NaN-free)."""
    keep = attention_mask[:, None, None, :].to(torch.float32)  # [B, 1, 1, L]
    if causal:
        length = attention_mask.shape[1]
        tri = torch.ones(length, length, device=attention_mask.device).tril()
        keep = keep * tri[None, None]  # [B, 1, L, L]
    return (1.0 - keep) * -1e4

"""The tiny text side: a frozen text codebook Z_txt and a small transformer over token ids.

Substitutions for the tiny scale (documented in docs/training.md):
- Z_txt: Llama-2's embedding rows are not available here, so Z_txt is a frozen, seeded random
  matrix with unit-norm rows. Each row is a random direction plus a shared direction u
  (weight `codebook_mean`). Why the shared part: real LLM embedding tables are anisotropic,
  and without it no text vector could be sparse — for a zero-mean random codebook any h scores
  about half of the vocabulary positive (ELU1p >= 1); with it, h can lean against u to push
  every word down and lift only its own words.
- The 7B LLM with LoRA and its "in-context lexical prediction" prompt become a 1-2 layer
  transformer whose read-out is h = W(out at last real token) + alpha * mean(input embeddings).
  The skip makes a caption's own words score high from the start, as the prompt does for the LLM.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from .config import ModelConfig
from .layers import Block, padding_bias
from .lexical import elu1p


def make_text_codebook(vocab_size: int, dim: int, mean_weight: float, seed: int) -> Tensor:
    """float32 [V, Dc], unit rows. numpy's legacy RandomState is used because its stream is
    fixed across versions, so the codebook is rebuilt identically from the seed and need not
    be stored in checkpoints."""
    rng = np.random.RandomState(seed)
    shared = rng.standard_normal(dim)
    shared /= np.linalg.norm(shared)
    rows = rng.standard_normal((vocab_size, dim)) / np.sqrt(dim) + mean_weight * shared
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return torch.from_numpy(rows.astype(np.float32))


class TokenTransformer(nn.Module):
    """Token ids -> (hidden states [B, L, Dc], input embeddings [B, L, Dc]).

    Token ids are remapped inside the model (a table [32000] -> [0..V]) so that the ONNX graph
    holds V + 1 embedding rows, not 32,000. Causal attention, as in the decoder-only LLM."""

    def __init__(self, cfg: ModelConfig, remap: Tensor, embeddings: Tensor, trainable: bool) -> None:
        super().__init__()
        self.register_buffer("remap", remap.clone(), persistent=True)  # int64 [32000]
        dim = embeddings.shape[1]
        if trainable:
            self.embed = nn.Parameter(embeddings.clone())  # [V, Dc]
        else:
            self.register_buffer("embed", embeddings.clone(), persistent=False)  # frozen, rebuilt from seed
        self.unk = nn.Parameter(torch.randn(1, dim) * 0.02)  # row V: tokens outside the vocabulary
        self.pos = nn.Parameter(torch.randn(cfg.max_length, dim) * 0.02)
        self.blocks = nn.ModuleList([Block(dim, cfg.text_heads) for _ in range(cfg.text_layers)])
        self.norm = nn.LayerNorm(dim)

    def forward(self, input_ids: Tensor, attention_mask: Tensor):
        """input_ids, attention_mask: int64 [B, L]."""
        # No concatenated [V + 1, Dc] table: constant folding would store Z_txt twice in ONNX.
        index = self.remap[input_ids]  # [B, L] in 0..V
        size = self.embed.shape[0]
        known = (index < size).to(self.embed.dtype)[:, :, None]  # [B, L, 1]
        emb = F.embedding(index.clamp(max=size - 1), self.embed) * known + self.unk * (1.0 - known)
        x = emb + self.pos[: input_ids.shape[1]]
        bias = padding_bias(attention_mask, causal=True)
        for block in self.blocks:
            x = block(x, bias)
        return self.norm(x), emb


def last_token(x: Tensor, attention_mask: Tensor) -> Tensor:
    """x [B, L, C] at each row's last real token -> [B, C]. A one-hot sum, not a gather, so the
    ONNX graph needs no dynamic indexing."""
    last = attention_mask.sum(dim=1, keepdim=True) - 1  # [B, 1]
    positions = torch.arange(attention_mask.shape[1], device=x.device)[None]  # [1, L]
    onehot = (positions == last).to(x.dtype)  # [B, L]
    return (onehot[:, :, None] * x).sum(dim=1)


def word_counts(index: Tensor, mask: Tensor, size: int) -> Tensor:
    """index int64 [B, L] in 0..size (size = not a vocabulary word), mask float [B, L] -> how often
    each of the `size` words occurs, float [B, size]. A scatter-add (ONNX ScatterElements with
    reduction "add"), not a [B, L, size + 1] one-hot summed over L: the same numbers, about 3x
    faster to run in onnxruntime (`lexvla bench-patchdis`, the first PatchDis over 297 class names)."""
    counts = torch.zeros(index.shape[0], size + 1, dtype=mask.dtype, device=index.device)
    return counts.scatter_add(1, index, mask)[:, :size]


class LexTextEncoder(nn.Module):
    def __init__(self, cfg: ModelConfig, remap: Tensor, z_txt: Tensor) -> None:
        super().__init__()
        self.body = TokenTransformer(cfg, remap, z_txt, trainable=False)
        self.out = nn.Linear(z_txt.shape[1], z_txt.shape[1])
        # Zero init, as LoRA's B matrix: at step 0 the read-out is exactly the skip, so training
        # starts from "a caption is about its own words" instead of from noise.
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)
        self.alpha = nn.Parameter(torch.tensor(4.0))  # skip weight; 4 lifts caption words clearly at init
        self.grounded = cfg.grounded_text
        if self.grounded:
            # A copy term: the caption's own vocabulary words get +copy_weight on their logits
            # directly (counted, not through the codebook, so no crosstalk between random rows),
            # and the transformer's read-out (zero-init) learns what to add or take away. At init a
            # caption word's logit is copy + bias = 6 (ELU1p ~ 7), any other word's is bias = -4
            # (ELU1p ~ 0.02): after L2 normalisation only the caption's words pass 1/sqrt(V). This
            # is the tiny stand-in for Llama-2's in-context lexical prediction, whose prior also
            # puts a caption's words first.
            self.logit_scale = nn.Parameter(torch.tensor(float(cfg.text_logit_scale)))
            self.logit_bias = nn.Parameter(torch.tensor(float(cfg.text_logit_bias)))
            self.copy_weight = nn.Parameter(torch.tensor(10.0))
            if cfg.text_word_weights:
                # float [V]: each word's weight in the copy term (pool.word_weights: IDF over the
                # training captions, 0 for function words), set before training and stored with it.
                self.register_buffer("word_weight", torch.ones(z_txt.shape[0]), persistent=True)
            else:
                self.word_weight = None

    @property
    def z_txt(self) -> Tensor:
        return self.body.embed  # float32 [V, Dc], frozen

    def forward(self, input_ids: Tensor, attention_mask: Tensor) -> Tensor:
        """-> ELU1p text scores float [B, V] (not normalised)."""
        hidden, emb = self.body(input_ids, attention_mask)
        mask = attention_mask.to(emb.dtype)[:, :, None]  # [B, L, 1]
        if self.grounded:
            size = self.z_txt.shape[0]
            index = self.body.remap[input_ids]  # [B, L] in 0..V (V = not in the vocabulary)
            bag = word_counts(index, mask[:, :, 0], size)  # [B, V]
            if self.word_weight is not None:
                bag = bag * self.word_weight
            h = self.out(last_token(hidden, attention_mask))  # [B, Dc]
            logits = (self.z_txt @ h.t()).t() * self.logit_scale + self.logit_bias + self.copy_weight * bag
            return elu1p(logits)
        mean_emb = (emb * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)  # [B, Dc]
        h = self.out(last_token(hidden, attention_mask)) + self.alpha * mean_emb  # [B, Dc]
        # Z_txt @ h^T, then transpose: h @ Z_txt^T would export with a constant-folded transposed
        # copy of Z_txt, storing it twice; this way the Gather above and this MatMul share one.
        return elu1p((self.z_txt @ h.t()).t())

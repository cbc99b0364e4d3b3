"""Training losses: symmetric InfoNCE and the sparsity penalties on lexical vectors."""
from __future__ import annotations

from typing import Dict, Optional

import torch
import torch.nn.functional as F
from torch import Tensor

MAX_LOGIT_SCALE = 100.0  # CLIP clamps exp(logit_scale) at 100


def info_nce(img: Tensor, txt: Tensor, logit_scale: Tensor) -> Tensor:
    """Symmetric InfoNCE. img, txt: L2-normalised float [B, D]; pair i is (img[i], txt[i]).
    logit_scale: the learnable log temperature (CLIP-style, inferred for LexVLA)."""
    scale = logit_scale.exp().clamp(max=MAX_LOGIT_SCALE)
    logits = scale * img @ txt.t()  # [B, B]
    target = torch.arange(img.shape[0], device=img.device)
    return 0.5 * (F.cross_entropy(logits, target) + F.cross_entropy(logits.t(), target))


def multi_positive_nce(img: Tensor, txt: Tensor, owner: Tensor, logit_scale: Tensor) -> Tensor:
    """Symmetric InfoNCE with several captions per image (CLIP trained on every caption of a
    scene at once). img: L2-normalised float [B, D]; txt: float [T, D], caption t belongs to image
    owner[t] (int64 [T]). Image -> text: -log of the softmax mass on the image's own captions;
    text -> image: cross-entropy towards the owner. Equals info_nce when every image has one caption."""
    scale = logit_scale.exp().clamp(max=MAX_LOGIT_SCALE)
    logits = scale * img @ txt.t()  # [B, T]
    own = owner[None, :] == torch.arange(img.shape[0], device=img.device)[:, None]  # [B, T]
    i2t = (torch.logsumexp(logits, dim=1) - torch.logsumexp(logits.masked_fill(~own, float("-inf")), dim=1)).mean()
    return 0.5 * (i2t + F.cross_entropy(logits.t(), owner))


def overuse_penalty(s: Tensor, eps: float = 1e-8) -> Tensor:
    """L_over = V * sum_j m_j^3 / sum_j m_j, m_j = batch mean of word j. s: float [B, V] >= 0,
    L2-normalised. It is the FLOPs term sum_j m_j^2 weighted by how over-used word j is
    (m_j / mean_j m_j), so words every sample fires (meaningless tokens) pay the most."""
    m = s.mean(dim=0)  # [V]
    return s.shape[1] * (m ** 3).sum() / (m.sum() + eps)


def flops_penalty(s: Tensor) -> Tensor:
    """FLOPs regulariser sum_j m_j^2 (the paper's Fig. 6 ablation). s: float [B, V] >= 0."""
    return (s.mean(dim=0) ** 2).sum()


PENALTIES = {"overuse": overuse_penalty, "flops": flops_penalty}


def lexvla_loss(img: Tensor, txt: Tensor, logit_scale: Tensor, penalty: Optional[str],
                lambda_img: float, lambda_txt: float) -> Dict[str, Tensor]:
    """Loss = InfoNCE + l_I * P(S_img) + l_T * P(S_txt); P = overuse (default) or flops.
    Returns every part so training can log them; "loss" is the total."""
    nce = info_nce(img, txt, logit_scale)
    parts = {"nce": nce}
    total = nce
    if penalty is not None and penalty != "none":
        if penalty not in PENALTIES:
            raise ValueError(f"penalty is {penalty!r}, expected one of {sorted(PENALTIES)} or 'none'")
        fn = PENALTIES[penalty]
        parts["pen_img"] = fn(img)
        parts["pen_txt"] = fn(txt)
        total = total + lambda_img * parts["pen_img"] + lambda_txt * parts["pen_txt"]
    parts["loss"] = total
    return parts

"""Contrastive loss over the global batch under data parallelism.

Each rank gathers every rank's vectors, puts its own (with autograd history) in its slot, and
computes the loss over the whole global batch. d loss / d local vectors is then exact on every
rank (the local vectors enter only through their own slot), and the parameter gradient of rank r
is the part of the global gradient that flows through rank r's samples. DDP *averages* gradients
over ranks, so the sum of those parts, the true gradient, is recovered by scaling the loss by the
world size before backward (`backward_scale`). The temperature enters every rank's loss directly
(not through local vectors), so each rank already has its full gradient; its gradient is scaled
by 1/world inside the loss (value unchanged) so that the same loss scaling leaves it exact."""
from __future__ import annotations

from typing import Dict, Optional

import torch
import torch.distributed as dist
from torch import Tensor

from ..losses import lexvla_loss


def world() -> int:
    return dist.get_world_size() if dist.is_available() and dist.is_initialized() else 1


def rank() -> int:
    return dist.get_rank() if dist.is_available() and dist.is_initialized() else 0


def gather_with_grad(x: Tensor) -> Tensor:
    """x float [b, V] on this rank -> [world * b, V], ranks in order; only this rank's slot
    carries gradient. Every rank must pass the same b."""
    n = world()
    if n == 1:
        return x
    parts = [torch.empty_like(x) for _ in range(n)]
    dist.all_gather(parts, x.detach().contiguous())
    parts[rank()] = x
    return torch.cat(parts, dim=0)


def scale_grad(x: Tensor, factor: float) -> Tensor:
    """x's value with its gradient multiplied by factor."""
    return x * factor + (x * (1.0 - factor)).detach()


def global_loss(img: Tensor, txt: Tensor, logit_scale: Tensor, penalty: Optional[str],
                lambda_img: float, lambda_txt: float) -> Dict[str, Tensor]:
    """lexvla_loss (InfoNCE + overuse/FLOPs penalties) over the gathered global batch. The
    penalties' batch means m_j are global too, as on one GPU with the global batch.
    Backward must use loss * backward_scale()."""
    n = world()
    scale = logit_scale if n == 1 else scale_grad(logit_scale, 1.0 / n)
    return lexvla_loss(gather_with_grad(img.float()), gather_with_grad(txt.float()), scale,
                       penalty, lambda_img, lambda_txt)


def backward_scale() -> float:
    """Multiply the loss by this before backward: undoes DDP's average over ranks (see above)."""
    return float(world())


def simulate_rank_losses(img: Tensor, txt: Tensor, logit_scale: Tensor, ranks: int, penalty: Optional[str],
                         lambda_img: float, lambda_txt: float) -> Tensor:
    """What DDP's averaged gradient amounts to, on one process: the mean over `ranks` simulated
    ranks of (loss * backward_scale) where rank r lets gradient through its own rows only and the
    temperature's gradient is scaled as in global_loss. Its gradient must equal the gradient of the
    single-process loss on the whole batch (test_realscale_math.py)."""
    b = img.shape[0] // ranks
    total = img.new_zeros(())
    for r in range(ranks):
        keep = torch.zeros(img.shape[0], 1, dtype=img.dtype, device=img.device)
        keep[r * b:(r + 1) * b] = 1.0
        i = img * keep + img.detach() * (1 - keep)
        t = txt * keep + txt.detach() * (1 - keep)
        scale = scale_grad(logit_scale, 1.0 / ranks)
        total = total + ranks * lexvla_loss(i, t, scale, penalty, lambda_img, lambda_txt)["loss"]
    return total / ranks

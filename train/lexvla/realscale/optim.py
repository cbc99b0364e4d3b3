"""The real-scale optimizer's parameter groups; the schedule is lexvla.optim.lr_factor."""
from __future__ import annotations

from typing import Any, Dict, List

import torch


def param_groups(model: torch.nn.Module, cfg) -> List[Dict[str, Any]]:
    """No weight decay on the codebook (decay would shrink the rows scores are read from), the
    temperature, norms and biases; the codebook may take its own learning rate."""
    groups: Dict[str, List] = {"decay": [], "plain": [], "codebook": []}
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        key = "codebook" if "z_img" in name else ("plain" if p.ndim < 2 else "decay")
        groups[key].append(p)
    return [{"params": groups["decay"], "weight_decay": cfg.weight_decay, "base_lr": cfg.lr},
            {"params": groups["plain"], "weight_decay": 0.0, "base_lr": cfg.lr},
            {"params": groups["codebook"], "weight_decay": 0.0, "base_lr": cfg.codebook_lr}]

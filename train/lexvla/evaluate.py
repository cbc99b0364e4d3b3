"""Retrieval metrics on a fixed validation set: R@1 both ways and average active words."""
from __future__ import annotations

from typing import Dict

import torch
from torch import Tensor, nn

from .lexical import active_words, default_threshold, sparsify


@torch.no_grad()
def encode_all(model: nn.Module, val: Dict[str, Tensor], device: torch.device, batch: int = 64):
    """-> (image vectors [N, V|D], text vectors [N, V|D]) as float32 on the CPU, L2-normalised."""
    images, texts = [], []
    for start in range(0, val["pixels"].shape[0], batch):
        sl = slice(start, start + batch)
        images.append(model.encode_image(val["pixels"][sl].to(device)).float().cpu())
        texts.append(model.encode_text(val["input_ids"][sl].to(device), val["attention_mask"][sl].to(device)).float().cpu())
    return torch.cat(images), torch.cat(texts)


def recall_at_1(img: Tensor, txt: Tensor, input_ids: Tensor) -> Dict[str, float]:
    """img, txt: [N, D], pair i matches. Identical captions (same ids) count as equivalent, since
    short synthetic captions repeat: retrieving either copy is correct."""
    sim = img @ txt.t()  # [N, N]
    same = (input_ids[:, None, :] == input_ids[None, :, :]).all(dim=-1)  # [N, N]
    rows = torch.arange(sim.shape[0])
    i2t = same[rows, sim.argmax(dim=1)].float().mean().item()
    t2i = same[sim.argmax(dim=0), rows].float().mean().item()
    return {"i2t_r1": 100.0 * i2t, "t2i_r1": 100.0 * t2i}


def evaluate(model: nn.Module, val: Dict[str, Tensor], device: torch.device) -> Dict[str, float]:
    was_training = model.training
    model.eval()
    img, txt = encode_all(model, val, device)
    model.train(was_training)
    if getattr(model, "kind", "") != "lexical":
        return recall_at_1(img, txt, val["input_ids"])
    # Lexical vectors are scored as the browser scores them: sparsified at 1/sqrt(V).
    threshold = default_threshold(img.shape[1])
    metrics = recall_at_1(sparsify(img, threshold), sparsify(txt, threshold), val["input_ids"])
    metrics["dense_i2t_r1"] = recall_at_1(img, txt, val["input_ids"])["i2t_r1"]
    metrics["active_img"] = active_words(img, threshold).mean().item()
    metrics["active_txt"] = active_words(txt, threshold).mean().item()
    return metrics

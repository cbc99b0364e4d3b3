"""Throughput of one training step at real shapes on one GPU, random weights, synthetic batches.

  python3 -m lexvla.realscale.bench --llm llama-2-7b-4layers --batch 64 --steps 10

Prints one JSON line: samples/s (after warm-up), peak GPU memory, the shapes. A full 32-layer
Llama-2-7B is tried with --llm llama-2-7b; an out-of-memory error is reported, not raised."""
from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any, Dict, List, Optional

import torch

from ..vocab import Vocabulary
from .configs import preset
from .gather import global_loss
from .model import build_model
from .optim import param_groups
from .params import summary
from .prompt import PromptTokenizer, pad_batch, prompt_ids

CAPTION = "a brown dog running across a grassy field with a red frisbee in its mouth near some trees"


def bench(vision: str, llm: str, batch: int, steps: int, grad_checkpointing: bool) -> Dict[str, Any]:
    device = torch.device("cuda")
    cfg = preset("base", vision=vision, llm=llm, batch_per_gpu=batch, grad_checkpointing=grad_checkpointing)
    vocab = Vocabulary.load()
    torch.cuda.reset_peak_memory_stats()
    started = time.time()
    model = build_model(cfg, vocab, device)
    built_s = time.time() - started
    optimizer = torch.optim.AdamW(param_groups(model, cfg), lr=1e-4)
    tok = PromptTokenizer.from_repo()
    ids, mask = pad_batch([prompt_ids(f"{i} {CAPTION}", tok, cfg.max_caption_tokens) for i in range(batch)])
    pixels = torch.randn(batch, 3, cfg.image_size, cfg.image_size, device=device)
    ids, mask = ids.to(device), mask.to(device)
    times: List[float] = []
    loss = None
    for _ in range(steps):
        torch.cuda.synchronize()
        t0 = time.time()
        with torch.autocast("cuda", dtype=torch.bfloat16):
            img, txt = model(pixels, ids, mask)
        loss = global_loss(img, txt, model.logit_scale, "overuse", 1e-3, 1e-3)["loss"]
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        torch.cuda.synchronize()
        times.append(time.time() - t0)
    timed = times[2:] if len(times) > 3 else times[1:]
    trained = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return {"vision": vision, "llm": llm, "batch": batch, "steps": steps, "prompt_tokens": int(ids.shape[1]),
            "grad_checkpointing": grad_checkpointing, "build_s": round(built_s, 1),
            "step_s": round(sum(timed) / len(timed), 4), "samples_per_s": round(batch * len(timed) / sum(timed), 1),
            "peak_mem_gib": round(torch.cuda.max_memory_allocated(device) / 2**30, 2),
            "trained_params": trained, "formula": summary(cfg, vocab.size)["trained_total"],
            "loss": round(float(loss), 4), "gpu": torch.cuda.get_device_name(device)}


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--vision", default="dinov2-base")
    p.add_argument("--llm", default="llama-2-7b-4layers")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--steps", type=int, default=8)
    p.add_argument("--no-grad-checkpointing", action="store_true")
    a = p.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        result = bench(a.vision, a.llm, a.batch, a.steps, not a.no_grad_checkpointing)
    except torch.cuda.OutOfMemoryError as err:
        result = {"vision": a.vision, "llm": a.llm, "batch": a.batch, "error": f"out of memory: {str(err)[:200]}"}
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

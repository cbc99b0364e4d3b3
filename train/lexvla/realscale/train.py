"""Train real-scale LexVLA on image-text shards with torchrun (DDP, or FSDP for the LLM).

  torchrun --nproc_per_node 8 -m lexvla.realscale.train --config base --shards /data/cc12m \
      --vision-path /models/dinov2-base --llm-path /models/Llama-2-7b-hf --out runs/lexvla-base

--random-init builds both backbones from their configs with random weights (no download; tests
and throughput). A run folder holding checkpoint.pt is resumed: step, trained weights, optimizer
and the shard read heads. Writes OUT/{config.json, log.jsonl, checkpoint.pt}."""
from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import torch

from ..lexical import active_words, default_threshold
from ..optim import lr_factor
from ..provenance import command_line, git_commit
from ..vocab import DEFAULT_VOCAB, Vocabulary, repo_relative
from . import distributed as D
from . import hf
from .configs import config_from_json, preset
from .gather import backward_scale, global_loss
from .loader import HeadTracker, ShardPairs, make_loader
from .model import build_model
from .optim import param_groups
from .shards import list_shards

CHECKPOINT = "checkpoint.pt"
CONFIG = "config.json"


def parse_args(argv: List[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--config", default="base", help="base | large | tiny-random")
    p.add_argument("--shards", required=True, help="folder of img2dataset .tar shards, or a comma list")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--vision-path", help="local Hugging Face folder of DINOv2 (facebook/dinov2-base)")
    p.add_argument("--llm-path", help="local Hugging Face folder of Llama-2-7B (meta-llama/Llama-2-7b-hf)")
    p.add_argument("--random-init", action="store_true", help="random weights from the configs (no paths)")
    p.add_argument("--vocab", type=Path, default=DEFAULT_VOCAB)
    p.add_argument("--steps", type=int, help="total optimisation steps (default: the preset's)")
    p.add_argument("--stop-after", type=int, help="end this process after N steps (then resume)")
    p.add_argument("--batch", type=int, help="per-GPU batch (default: the preset's)")
    p.add_argument("--lr", type=float)
    p.add_argument("--workers", type=int)
    p.add_argument("--log-every", type=int)
    p.add_argument("--save-every", type=int)
    p.add_argument("--shuffle-buffer", type=int, help="samples per stream's shuffle buffer (1: file order)")
    p.add_argument("--fsdp", action="store_true", help="shard the LLM with FSDP instead of DDP")
    p.add_argument("--no-grad-checkpointing", action="store_true")
    a = p.parse_args(argv)
    if not a.random_init and not (a.vision_path and a.llm_path):
        p.error("give --vision-path and --llm-path (local checkpoints), or --random-init")
    return a


def make_config(a: argparse.Namespace):
    if (a.out / CONFIG).exists():  # resuming: the run's own config wins over the preset
        return config_from_json(json.loads((a.out / CONFIG).read_text())["realscale"])
    overrides = {k: v for k, v in {"steps": a.steps, "batch_per_gpu": a.batch, "lr": a.lr, "workers": a.workers,
                                   "log_every": a.log_every, "save_every": a.save_every,
                                   "shuffle_buffer": a.shuffle_buffer}.items() if v is not None}
    if a.no_grad_checkpointing:
        overrides["grad_checkpointing"] = False
    return preset(a.config, **overrides)


def train_step(wrapped: torch.nn.Module, model: torch.nn.Module, optimizer: torch.optim.Optimizer, cfg,
               step: int, pixels: torch.Tensor, ids: torch.Tensor, mask: torch.Tensor, fsdp: bool,
               amp) -> Dict[str, torch.Tensor]:
    """One optimisation step on this rank's part of the global batch (tensors already on the
    device): learning rate, forward, the global-batch loss, backward, the replicated side's
    gradient reduction under FSDP, clipping at cfg.grad_clip over the whole model, AdamW.
    -> the loss parts, plus "grad_norm" (before clipping)."""
    for group in optimizer.param_groups:
        group["lr"] = group["base_lr"] * lr_factor(step, cfg.warmup, cfg.steps)
    with amp:
        img, txt = wrapped(pixels, ids, mask)
    parts = global_loss(img, txt, model.logit_scale, cfg.penalty, cfg.lambda_img, cfg.lambda_txt)
    optimizer.zero_grad(set_to_none=True)
    (parts["loss"] * backward_scale()).backward()
    if fsdp:
        D.reduce_replicated(model)
    parts["grad_norm"] = D.clip_grad_norm(model, cfg.grad_clip, fsdp)
    optimizer.step()
    parts["img"], parts["txt"] = img.detach(), txt.detach()
    return parts


def train(argv: List[str], on_step: Optional[Callable[[int, torch.nn.Module], None]] = None) -> Dict[str, Any]:
    """on_step(step, model): called after every optimisation step (tests)."""
    a = parse_args(argv)
    rank, world, device = D.setup()
    cfg = make_config(a)
    vocab = Vocabulary.load(a.vocab)
    vision_path = None if a.random_init else a.vision_path
    llm_path = None if a.random_init else a.llm_path
    # The LLM is read in bf16 (13 GB for 7B, not 26 GB in float32). Under FSDP on GPUs only rank 0
    # reads it (on its host); the other ranks build it on the meta device and FSDP copies rank 0's
    # weights shard by shard (distributed.wrap).
    llm_meta = a.fsdp and world > 1 and rank > 0 and device.type == "cuda"
    model = build_model(cfg, vocab, device, vision_path, llm_path, llm_dtype=torch.bfloat16,
                        llm_device=torch.device("cpu") if a.fsdp else None, llm_meta=llm_meta)
    wrapped = D.wrap(model, device, a.fsdp)
    # build_model seeded every initial value from cfg.seed (equal on every rank); from here on
    # each rank draws its own dropout masks.
    torch.manual_seed(cfg.seed + 1000 * (rank + 1))
    optimizer = torch.optim.AdamW(param_groups(model, cfg), lr=cfg.lr, betas=(0.9, 0.98), eps=1e-6)
    a.out.mkdir(parents=True, exist_ok=True)
    run_info = {"realscale": cfg.to_json(), "config_name": a.config, "random_init": a.random_init,
                "vision_path": vision_path, "llm_path": llm_path,
                "vocab": {"path": repo_relative(a.vocab), "size": vocab.size, "rule": vocab.rule},
                "world_size": world, "fsdp": a.fsdp, "commit": git_commit(),
                "command": command_line("lexvla.realscale.train", argv)}
    step, data_state, rng = 0, None, []
    ckpt_path = a.out / CHECKPOINT
    if ckpt_path.exists():
        ckpt = torch.load(ckpt_path, map_location="cpu")
        D.load_state(wrapped, optimizer, ckpt["params"], ckpt["optim"], a.fsdp)
        step, data_state, rng = ckpt["step"], ckpt["data"], ckpt.get("rng") or []
    elif rank == 0:
        (a.out / CONFIG).write_text(json.dumps(run_info, indent=1) + "\n")
    tokenizer = hf.load_prompt_tokenizer(llm_path)
    dataset = ShardPairs(list_shards(a.shards), tokenizer, cfg.max_caption_tokens, rank, world, cfg.seed,
                         cfg.shuffle_buffer, cfg.image_size, resume=data_state)
    tracker = HeadTracker(world * max(cfg.workers, 1), data_state)
    loader = make_loader(dataset, cfg.batch_per_gpu, cfg.workers)
    amp = torch.autocast("cuda", dtype=torch.bfloat16) if device.type == "cuda" else contextlib.nullcontext()
    threshold = default_threshold(vocab.size)
    log = (a.out / "log.jsonl").open("a") if rank == 0 else None
    stop = min(cfg.steps, step + a.stop_after) if a.stop_after else cfg.steps
    timer, timed_steps, record = None, 0, {}
    wrapped.train()
    batches = iter(loader)  # draws the loader's base seed from the global RNG, resumed or not
    if len(rng) == world:  # same world size: each rank continues its own random stream (dropout)
        D.set_rng_state(rng[rank])
    for pixels, ids, mask, heads in batches:
        if step >= stop:
            break
        pixels, ids, mask = (t.to(device, non_blocking=True) for t in (pixels, ids, mask))
        parts = train_step(wrapped, model, optimizer, cfg, step, pixels, ids, mask, a.fsdp, amp)
        img, txt = parts.pop("img"), parts.pop("txt")
        tracker.update(heads)
        step += 1
        if on_step is not None:
            on_step(step, model)
        if timer is None and step >= min(3, stop):  # first steps include compilation and warm-up
            if device.type == "cuda":
                torch.cuda.synchronize()
            timer, timed_steps = time.time(), 0
        elif timer is not None:
            timed_steps += 1
        if step % cfg.log_every == 0 or step == stop:
            record = {"step": step, **{k: round(v.item(), 5) for k, v in parts.items()},
                      "temperature": round(1.0 / model.logit_scale.exp().clamp(max=100).item(), 5),
                      "active_img": active_words(img.float(), threshold).mean().item(),
                      "active_txt": active_words(txt.float(), threshold).mean().item()}
            if timer is not None and timed_steps > 0:
                if device.type == "cuda":
                    torch.cuda.synchronize()
                record["samples_per_s"] = round(timed_steps * cfg.batch_per_gpu * world / (time.time() - timer), 2)
            if device.type == "cuda":
                record["peak_mem_gib"] = round(torch.cuda.max_memory_allocated(device) / 2**30, 2)
            if log:
                log.write(json.dumps(record) + "\n")
                log.flush()
                print(json.dumps(record), flush=True)
        if step % cfg.save_every == 0 or step == stop:
            save(wrapped, optimizer, a.fsdp, step, tracker, ckpt_path, rank)
    if log:
        log.close()
    return record


def save(wrapped, optimizer, fsdp: bool, step: int, tracker: HeadTracker, path: Path, rank: int) -> None:
    params, optim = D.save_state(wrapped, optimizer, fsdp)  # collective under FSDP
    data = D.gather_heads(tracker.state())  # collective
    rng = D.gather_objects(D.rng_state())  # collective: per rank, for an exact resume
    if rank == 0:
        D.atomic_save({"step": step, "params": params, "optim": optim, "data": data, "rng": rng}, path)


def main(argv: Optional[List[str]] = None) -> int:
    record = train(sys.argv[1:] if argv is None else argv)
    if D.dist.is_initialized():
        D.dist.barrier()
        D.dist.destroy_process_group()
    print(json.dumps({"final": record}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

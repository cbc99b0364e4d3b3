"""Train LexVLA or the CLIP baseline on EmojiScenes.

  python3 -m lexvla.train --model lexvla|clip --config tiny|micro --penalty overuse|flops|none \
      --steps N --batch B --device cpu|cuda --out runs/NAME --seed 0

Writes runs/NAME/{model.pt, config.json, log.jsonl}. Seeded; bf16 autocast on CUDA only."""
from __future__ import annotations

import argparse
import contextlib
import json
import math
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import torch

from .config import PRESETS, TrainConfig
from .data import MEAN, STD, train_loader, validation_set
from .evaluate import evaluate
from .factory import build_model, save_checkpoint
from .lexical import active_words, default_threshold, l2norm
from .losses import lexvla_loss
from .tokenizer import Llama2Tokenizer
from .vocab import DEFAULT_VOCAB, REPO_ROOT, Vocabulary, repo_relative


def lr_factor(step: int, warmup: int, total: int) -> float:
    """Linear warm-up then cosine decay to 0."""
    if step < warmup:
        return (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))


def penalty_weight(step: int, cfg: TrainConfig) -> float:
    ramp = cfg.penalty_ramp * cfg.steps
    return 1.0 if ramp <= 0 else min(1.0, step / ramp) ** 2


def param_groups(model: torch.nn.Module, weight_decay: float) -> List[Dict[str, Any]]:
    """No decay on biases, norms, temperatures, positions and codebooks (decay would shrink
    the codebook rows the lexical scores are read from)."""
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        skip = p.ndim < 2 or any(k in name for k in ("z_img", "embed", "pos", "unk", "cls"))
        (no_decay if skip else decay).append(p)
    return [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def sampled_words(model: torch.nn.Module, ids: torch.Tensor, mask: torch.Tensor, extra: int,
                  seed: int) -> torch.Tensor:
    """int64 [S]: every vocabulary word of the batch's captions plus `extra` random words
    (seeded per step), sorted and distinct."""
    size = model.vocab_size
    index = model.text.body.remap[ids]  # [B, L] in 0..V
    caption = index[(mask > 0) & (index < size)]
    g = torch.Generator().manual_seed(int(seed))
    rand = torch.randint(0, size, (extra,), generator=g).to(ids.device)
    return torch.unique(torch.cat([caption, rand]))


def init_backbone(model: torch.nn.Module, run_dir: Path, freeze: bool, log: Optional[callable]) -> None:
    """Copies another run's backbone (e.g. CLIP-tiny's ViT, trained on the same data) into this
    model's vision backbone; frozen, it plays DINOv2's part: a vision encoder LexVLA does not train."""
    backbone = model.vision.backbone if hasattr(model, "vision") else model.backbone
    state = torch.load(run_dir / "model.pt", map_location="cpu")
    own = {k[len("backbone."):]: v.float() for k, v in state.items() if k.startswith("backbone.")}
    if not own:
        own = {k[len("vision.backbone."):]: v.float() for k, v in state.items() if k.startswith("vision.backbone.")}
    if not own:
        raise ValueError(f"{run_dir / 'model.pt'}: no backbone.* weights, expected a lexvla.train run")
    backbone.load_state_dict(own)
    if freeze:
        for p in backbone.parameters():
            p.requires_grad_(False)
    if log:
        log(json.dumps({"init_backbone": str(run_dir), "tensors": len(own), "frozen": freeze}))


def train(cfg: TrainConfig, out: Path, config_name: str, vocab_path: Path = DEFAULT_VOCAB,
          scenes=None, log: Optional[callable] = print) -> Dict[str, Any]:
    torch.manual_seed(cfg.seed)
    device = torch.device(cfg.device)
    vocab = Vocabulary.load(vocab_path)
    tokenizer = Llama2Tokenizer()
    model = build_model(cfg.model, cfg.model_config, vocab, tokenizer)
    if cfg.init_backbone:
        init_backbone(model, Path(cfg.init_backbone), cfg.freeze_backbone, log)
    if cfg.freeze_text:
        if cfg.model != "lexvla":
            raise ValueError("--freeze-text applies to --model lexvla only")
        for p in model.text.parameters():
            p.requires_grad_(False)
    model = model.to(device)
    optimizer = torch.optim.AdamW(param_groups(model, cfg.weight_decay), lr=cfg.lr, betas=(0.9, 0.98))
    loader = train_loader(cfg.steps * cfg.batch, cfg.train_scenes, cfg.model_config.max_length,
                          cfg.batch, cfg.seed, cfg.workers, scenes=scenes, image_size=cfg.model_config.image_size)
    val = validation_set(cfg.val_scenes, cfg.model_config.max_length, scenes=scenes, tokenizer=tokenizer,
                         image_size=cfg.model_config.image_size)
    threshold = default_threshold(vocab.size)
    lexical = cfg.model == "lexvla"
    amp = (torch.autocast(device_type="cuda", dtype=torch.bfloat16) if device.type == "cuda"
           else contextlib.nullcontext())
    out.mkdir(parents=True, exist_ok=True)
    log_file = (out / "log.jsonl").open("w")
    started = time.time()
    metrics: Dict[str, float] = {}
    steps_done = 0
    model.train()
    for step, (pixels, ids, mask) in enumerate(loader):
        for group in optimizer.param_groups:
            group["lr"] = cfg.lr * lr_factor(step, cfg.warmup, cfg.steps)
        pixels, ids, mask = pixels.to(device, non_blocking=True), ids.to(device), mask.to(device)
        with amp:
            if lexical and cfg.vocab_sample > 0:
                words = sampled_words(model, ids, mask, cfg.vocab_sample, cfg.seed * 1_000_003 + step)
                img = l2norm(model.vision.global_scores(pixels, words).float())
                txt = l2norm(model.text(ids, mask)[:, words].float())
            else:
                img = model.encode_image(pixels)
                txt = model.encode_text(ids, mask)
        ramp = penalty_weight(step, cfg)
        parts = lexvla_loss(img.float(), txt.float(), model.logit_scale, cfg.penalty if lexical else None,
                            cfg.lambda_img * ramp, cfg.lambda_txt * ramp)
        optimizer.zero_grad(set_to_none=True)
        parts["loss"].backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        # A wall-clock budget (GPU time is lent by the minute) ends the run early but cleanly:
        # the step it stops at is validated and saved like a planned last step, and recorded.
        out_of_time = cfg.time_limit > 0 and time.time() - started > cfg.time_limit
        last = step + 1 == cfg.steps or out_of_time
        if step % cfg.log_every == 0 or last or (step + 1) % cfg.val_every == 0:
            record: Dict[str, Any] = {"step": step + 1, "elapsed_s": round(time.time() - started, 2),
                                      "temperature": 1.0 / model.logit_scale.exp().clamp(max=100).item()}
            record.update({k: round(v.item(), 5) for k, v in parts.items()})
            if lexical:
                record["batch_active_img"] = active_words(img.detach().float(), threshold).mean().item()
                record["batch_active_txt"] = active_words(txt.detach().float(), threshold).mean().item()
            if (step + 1) % cfg.val_every == 0 or last:
                metrics = {k: round(v, 3) for k, v in evaluate(model, val, device).items()}
                record["val"] = metrics
            log_file.write(json.dumps(record) + "\n")
            log_file.flush()
            if log:
                log(json.dumps(record))
        if last:
            steps_done = step + 1
            break
    log_file.close()
    seconds = time.time() - started
    config = {
        "train": cfg.to_json(), "config_name": config_name, "kind": model.kind,
        "vocab": {"path": repo_relative(vocab_path), "size": vocab.size, "rule": vocab.rule},
        "preprocess": {"mean": list(MEAN), "std": list(STD)},
        "metrics": {f"val_{k}": v for k, v in metrics.items()},
        "val_scenes": cfg.val_scenes, "train_seconds": round(seconds, 1),
        "steps_done": steps_done, "steps_per_second": round(steps_done / seconds, 3),
        "command": "python3 -m lexvla.train " + " ".join(sys.argv[1:]), "commit": git_commit(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "torch": torch.__version__, "device": str(device),
    }
    save_checkpoint(out, model.cpu(), config)
    return config


def parse_args(argv: List[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Train LexVLA or the CLIP baseline on EmojiScenes.")
    p.add_argument("--model", choices=["lexvla", "clip"], default="lexvla")
    p.add_argument("--config", choices=sorted(PRESETS), default="tiny")
    p.add_argument("--penalty", choices=["overuse", "flops", "none"], default="overuse")
    p.add_argument("--steps", type=int, default=1000)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=TrainConfig.lr)
    p.add_argument("--lambda-img", type=float, default=TrainConfig.lambda_img)
    p.add_argument("--lambda-txt", type=float, default=TrainConfig.lambda_txt)
    p.add_argument("--warmup", type=int, default=None, help="default: 5%% of steps")
    p.add_argument("--train-scenes", type=int, default=TrainConfig.train_scenes)
    p.add_argument("--val-scenes", type=int, default=TrainConfig.val_scenes)
    p.add_argument("--log-every", type=int, default=TrainConfig.log_every)
    p.add_argument("--val-every", type=int, default=TrainConfig.val_every)
    p.add_argument("--workers", type=int, default=TrainConfig.workers)
    p.add_argument("--vocab-sample", type=int, default=0,
                   help="score only caption words + this many random words per step (0 = all V)")
    p.add_argument("--init-backbone", type=str, default="", help="run folder to take the backbone from")
    p.add_argument("--freeze-backbone", action="store_true")
    p.add_argument("--freeze-text", action="store_true", help="LexVLA: keep the text side at its initialisation")
    p.add_argument("--time-limit", type=float, default=0.0,
                   help="stop (validate, save) after this many seconds of training; 0 = no limit")
    p.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    p.add_argument("--device", default="cpu")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--seed", type=int, default=0)
    return p.parse_args(argv)


def main(argv: List[str]) -> int:
    a = parse_args(argv)
    if a.threads:
        torch.set_num_threads(a.threads)
    cfg = TrainConfig(model=a.model, penalty=a.penalty, steps=a.steps, batch=a.batch, lr=a.lr,
                      lambda_img=a.lambda_img, lambda_txt=a.lambda_txt,
                      warmup=a.warmup if a.warmup is not None else max(1, a.steps // 20),
                      train_scenes=a.train_scenes, val_scenes=a.val_scenes, log_every=a.log_every,
                      val_every=a.val_every, workers=a.workers, time_limit=a.time_limit, init_backbone=a.init_backbone, vocab_sample=a.vocab_sample, freeze_backbone=a.freeze_backbone, freeze_text=a.freeze_text, seed=a.seed, device=a.device,
                      model_config=PRESETS[a.config])
    result = train(cfg, a.out, a.config)
    print(json.dumps({"out": str(a.out), "metrics": result["metrics"], "steps_per_second": result["steps_per_second"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

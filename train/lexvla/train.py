"""Train LexVLA or the CLIP baseline on EmojiScenes.

  python3 -m lexvla.train --model lexvla|clip --config tiny|micro --penalty overuse|flops|none \
      --steps N --batch B --device cpu|cuda --out runs/NAME --seed 0

Writes runs/NAME/{model.pt, config.json, log.jsonl}. Seeded; bf16 autocast on CUDA only."""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import sys
import time
import types
from pathlib import Path
from typing import Any, Dict, List, Optional

import numpy as np
import torch

from .config import PRESETS, ModelConfig, TrainConfig
from .data import MEAN, STD, train_loader, validation_set
from .evaluate import evaluate
from .factory import build_model, save_checkpoint
from .lexical import active_words, default_threshold, elu1p, l2norm
from .losses import lexvla_loss, multi_positive_nce, overuse_penalty
from .optim import lr_factor, param_groups
from .pool import PoolBatches, build_pool, caption_vocabulary, word_weights
from .provenance import command_line, git_commit
from .tokenizer import Llama2Tokenizer
from .vocab import DEFAULT_VOCAB, Vocabulary, repo_relative


def penalty_weight(step: int, cfg: TrainConfig) -> float:
    ramp = cfg.penalty_ramp * cfg.steps
    return 1.0 if ramp <= 0 else min(1.0, step / ramp) ** 2


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
        # Frozen means frozen BatchNorm too: the backbone stays in eval mode (running statistics,
        # never updated) whatever model.train() says.
        backbone.train = types.MethodType(lambda self, mode=True: torch.nn.Module.train(self, False), backbone)
        backbone.eval()
    if log:
        log(json.dumps({"init_backbone": str(run_dir), "tensors": len(own), "frozen": freeze}))


RESUME_FILE = "checkpoint.pt"  # model, optimizer and step: what --resume continues from


def prepare_pool(model: torch.nn.Module, cfg: TrainConfig, vocab: Vocabulary, tokenizer: Llama2Tokenizer,
                 log: Optional[callable], scenes=None):
    """Pool mode: -> (batch source step -> batch, the trained word ids int64 [W] or None).
    Sets the text side's word weights from the pool's captions and, with train_words
    "captions", parks every other word (zero Z_img row, bias ModelConfig.mapper_bias) so it
    stays inactive."""
    mc = cfg.model_config
    pool = build_pool(cfg.pool, mc.image_size, mc.max_length, seed=0, processes=max(1, cfg.workers), log=log,
                      scenes=scenes)
    batches = PoolBatches(pool, cfg.batch, cfg.seed, tokenizer, flip=cfg.flip)
    df, pooled = caption_vocabulary(pool, model.text.body.remap, vocab.size)
    weights = word_weights(df, pooled, vocab.words)
    if cfg.word_weighting == "plain":
        weights = (weights > 0).astype(np.float32)
    elif cfg.word_weighting == "idf2":
        weights = weights ** 2
    if getattr(model.text, "word_weight", None) is not None:
        model.text.word_weight.copy_(torch.from_numpy(weights))
    if cfg.model != "lexvla" or cfg.train_words != "captions":
        return batches, None
    if model.vision.z_bias is None:
        raise ValueError("--train-words captions needs a config with a mapper bias (ModelConfig.mapper_bias != 0)")
    trained = torch.from_numpy(weights > 0)
    with torch.no_grad():
        model.vision.z_img[~trained] = 0.0
        model.vision.z_bias[~trained] = mc.mapper_bias
    if log:
        log(json.dumps({"trained_words": int(trained.sum()), "vocab": vocab.size, "pool_scenes": len(pool)}))
    return batches, torch.nonzero(trained).flatten()


def parked_floor(model: torch.nn.Module, words: Optional[torch.Tensor]) -> float:
    """The squared norm that the parked words (all but `words`) add to every image and patch
    vector: each is ELU1p(mapper_bias) for any image. Training adds it when it normalises the
    scored words, so it normalises as the exported model does. A patch whose words all sit below
    the parked level is then mostly parked mass: no class word survives 1/sqrt(V), and PatchDis
    calls it background."""
    if words is None or getattr(model.vision, "z_bias", None) is None:
        return 0.0
    parked = model.vision.z_img.shape[0] - words.numel()
    return parked * float(elu1p(torch.tensor(model.cfg.mapper_bias))) ** 2


def norm_with(x: torch.Tensor, floor_sq: float) -> torch.Tensor:
    """x [..., W] / sqrt(sum x^2 + floor_sq): L2 normalisation over all V words, of which only W are scored."""
    return x / (x.pow(2).sum(dim=-1, keepdim=True) + floor_sq).sqrt().clamp(min=1e-12)


def pair_vectors(model: torch.nn.Module, cfg: TrainConfig, pixels: torch.Tensor, ids: torch.Tensor,
                 mask: torch.Tensor, words: Optional[torch.Tensor], step: int, floor_sq: float = 0.0):
    """-> (image vectors [B, W], text vectors [B, W], extra loss parts), L2-normalised; W = the
    scored words (lexical) or D (dense). ids/mask: int64 [B, L], or [B, K, L] (all K captions)."""
    lexical = cfg.model == "lexvla"
    extra: Dict[str, torch.Tensor] = {}
    if ids.dim() == 3 and cfg.text_target == "caption":  # one caption per image, seeded per step
        pick = torch.from_numpy(np.random.RandomState([cfg.seed, 15485863, step]).randint(ids.shape[1], size=ids.shape[0]))
        rows = torch.arange(ids.shape[0])
        ids, mask = ids[rows, pick], mask[rows, pick]
    flat_ids, flat_mask = (ids.flatten(0, 1), mask.flatten(0, 1)) if ids.dim() == 3 else (ids, mask)
    # [B, K, 1]: which caption slots hold a caption (a scene may have fewer than K)
    present = (mask.sum(dim=-1) > 0).to(torch.float32)[:, :, None] if ids.dim() == 3 else None
    if not lexical:
        if cfg.text_target == "captions":  # every caption its own text; owners for multi_positive_nce
            keep = flat_mask.sum(dim=-1) > 0
            extra["owner"] = torch.arange(ids.shape[0], device=ids.device).repeat_interleave(ids.shape[1])[keep]
            return model.encode_image(pixels), model.encode_text(flat_ids[keep], flat_mask[keep]), extra
        txt = model.encode_text(flat_ids, flat_mask)
        if present is not None:
            txt = l2norm((txt.view(ids.shape[0], ids.shape[1], -1) * present).sum(dim=1))
        return model.encode_image(pixels), txt, extra
    if words is None and cfg.vocab_sample > 0:
        words = sampled_words(model, flat_ids, flat_mask, cfg.vocab_sample, cfg.seed * 1_000_003 + step)
    logits = model.vision.patch_logits(pixels, words)  # [B, N, W]
    img = norm_with(elu1p(logits.amax(dim=1)).float(), floor_sq)
    scores = model.text(flat_ids, flat_mask)  # [B(*K), V] ELU1p
    if present is not None:
        scores = (scores.view(ids.shape[0], ids.shape[1], -1) * present).sum(dim=1)
    txt = l2norm((scores if words is None else scores[:, words]).float())
    if cfg.patch_penalty > 0 or cfg.l1_patch > 0 or cfg.off_text > 0:
        patches = norm_with(elu1p(logits).float(), floor_sq)  # [B, N, W]
        if cfg.patch_penalty > 0:
            extra["pen_patch"] = overuse_penalty(patches.flatten(0, 1))
        if cfg.l1_patch > 0:
            extra["l1_patch"] = patches.sum(dim=-1).mean()
        if cfg.off_text > 0:
            # Each patch's mass on words its image's text does not contain (text value below
            # the sparsity threshold): a patch may say only what the captions say.
            off = (txt.detach() <= default_threshold(model.vocab_size)).to(patches.dtype)  # [B, W]
            extra["off_text"] = (patches * off[:, None, :]).sum(dim=-1).mean()
    if cfg.l1_img > 0:
        extra["l1_img"] = img.sum(dim=-1).mean()
    if cfg.word_bce > 0:
        # Every scored word is a yes/no question about the image (multiple-instance learning):
        # its strongest patch's logit should say yes exactly when the image's text has the word.
        # The max over patches gives each absent word a negative on every image, so a word that
        # fires on the background of an image whose captions lack it is pushed down there.
        present = (txt.detach() > default_threshold(model.vocab_size)).to(logits.dtype)  # [B, W]
        bce = torch.nn.functional.binary_cross_entropy_with_logits(logits.amax(dim=1).float(), present.float(),
                                                                   reduction="none")
        extra["word_bce"] = bce.sum(dim=-1).mean()
    if cfg.absent_patch > 0:
        # The yes/no loss only reaches an absent word's strongest patch, and its push fades once
        # the logit is a few units negative; PatchDis reads every patch after normalisation, where
        # a weak patch's absent class word still clears 1/sqrt(V) unless it sits below the parked
        # words' level (mapper_bias). Every patch is told "no" for every word its image lacks,
        # up to a margin below that level.
        absent = (txt.detach() <= default_threshold(model.vocab_size)).to(logits.dtype)  # [B, W]
        floor = model.cfg.mapper_bias - cfg.absent_margin
        extra["absent_patch"] = (torch.nn.functional.softplus(logits.float() - floor) * absent[:, None, :]).sum(dim=-1).mean()
    return img, txt, extra


def train(cfg: TrainConfig, out: Path, config_name: str, vocab_path: Path = DEFAULT_VOCAB,
          scenes=None, log: Optional[callable] = print, resume: bool = False) -> Dict[str, Any]:
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
    words: Optional[torch.Tensor] = None
    if cfg.pool > 0:
        batches, words = prepare_pool(model, cfg, vocab, tokenizer, log, scenes)
    else:
        if cfg.text_target != "caption" or cfg.train_words != "sample":
            raise ValueError("--text-target scene|captions and --train-words captions need --pool N")
        loader = train_loader(cfg.steps * cfg.batch, cfg.train_scenes, cfg.model_config.max_length,
                              cfg.batch, cfg.seed, cfg.workers, scenes=scenes, image_size=cfg.model_config.image_size)
    model = model.to(device)
    words = None if words is None else words.to(device)
    floor_sq = parked_floor(model, words)
    optimizer = torch.optim.AdamW(param_groups(model, cfg.weight_decay), lr=cfg.lr, betas=(0.9, 0.98))
    start_step, elapsed_before = 0, 0.0
    if resume and (out / RESUME_FILE).exists():
        if cfg.pool <= 0:
            raise ValueError("--resume needs --pool N (the pool's batches are a pure function of the step)")
        state = torch.load(out / RESUME_FILE, map_location=device)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        start_step, elapsed_before = int(state["step"]), float(state["elapsed_s"])
        if log:
            log(json.dumps({"resumed": str(out / RESUME_FILE), "step": start_step}))
    if cfg.pool > 0:
        source = ((step, batches(step)) for step in range(start_step, cfg.steps))
    else:
        source = enumerate(loader)
    val = validation_set(cfg.val_scenes, cfg.model_config.max_length, scenes=scenes, tokenizer=tokenizer,
                         image_size=cfg.model_config.image_size)
    threshold = default_threshold(vocab.size)
    lexical = cfg.model == "lexvla"
    amp = (torch.autocast(device_type="cuda", dtype=torch.bfloat16) if device.type == "cuda"
           else contextlib.nullcontext())
    out.mkdir(parents=True, exist_ok=True)
    if start_step > 0 and (out / "log.jsonl").exists():  # drop what was logged after the checkpoint
        kept = [line for line in (out / "log.jsonl").read_text().splitlines()
                if line and json.loads(line).get("step", 0) <= start_step]
        (out / "log.jsonl").write_text("".join(line + "\n" for line in kept))
    log_file = (out / "log.jsonl").open("a" if start_step > 0 else "w")
    started = time.time() - elapsed_before
    metrics: Dict[str, float] = {}
    steps_done = start_step
    model.train()
    for step, (pixels, ids, mask) in source:
        for group in optimizer.param_groups:
            group["lr"] = cfg.lr * lr_factor(step, cfg.warmup, cfg.steps)
        pixels, ids, mask = pixels.to(device, non_blocking=True), ids.to(device), mask.to(device)
        with amp:
            img, txt, extra = pair_vectors(model, cfg, pixels, ids, mask, words, step, floor_sq)
        ramp = penalty_weight(step, cfg)
        if "owner" in extra:
            nce = multi_positive_nce(img.float(), txt.float(), extra.pop("owner"), model.logit_scale)
            parts = {"nce": nce, "loss": nce}
        else:
            parts = lexvla_loss(img.float(), txt.float(), model.logit_scale, cfg.penalty if lexical else None,
                                cfg.lambda_img * ramp, cfg.lambda_txt * ramp)
        if "word_bce" in extra:  # an objective, not a penalty: no warm-up ramp
            parts["word_bce"] = extra["word_bce"]
            parts["loss"] = parts["loss"] + cfg.word_bce * extra["word_bce"]
        for name, weight in (("pen_patch", cfg.patch_penalty), ("l1_img", cfg.l1_img), ("l1_patch", cfg.l1_patch),
                             ("off_text", cfg.off_text), ("absent_patch", cfg.absent_patch)):
            if name in extra:
                parts[name] = extra[name]
                parts["loss"] = parts["loss"] + weight * ramp * extra[name]
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
        if cfg.ckpt_every > 0 and (step + 1) % cfg.ckpt_every == 0 and not last:
            tmp = out / (RESUME_FILE + ".tmp")
            torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step + 1,
                        "elapsed_s": time.time() - started}, tmp)
            tmp.replace(out / RESUME_FILE)
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
        "command": command_line("lexvla.train", sys.argv[1:]), "commit": git_commit(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "torch": torch.__version__, "device": str(device), "threads": torch.get_num_threads(),
    }
    save_checkpoint(out, model.cpu(), config)
    (out / RESUME_FILE).unlink(missing_ok=True)  # the run is complete: model.pt is its result
    return config


def with_overrides(base: ModelConfig, pairs: List[str]) -> ModelConfig:
    """--set KEY=JSON overrides, checked against ModelConfig's fields."""
    known = {f.name for f in dataclasses.fields(ModelConfig)}
    changes: Dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or key not in known:
            raise SystemExit(f"--set {pair!r}: expected KEY=JSON with KEY one of {sorted(known)}")
        try:
            changes[key] = json.loads(value)
        except json.JSONDecodeError as e:
            raise SystemExit(f"--set {pair!r}: the value is not JSON ({e.msg}), e.g. --set {key}=1.5 or {key}=true")
    for key in ("cnn_widths", "cnn_kernels"):
        if changes.get(key) is not None:
            changes[key] = tuple(changes[key])
    return dataclasses.replace(base, **changes)


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
    p.add_argument("--pool", type=int, default=0, help="train from a pool of this many pre-generated scenes")
    p.add_argument("--text-target", choices=["caption", "scene", "captions"], default="caption",
                   help="scene: an image's text vector pools all its captions; captions (CLIP): every "
                        "caption is a positive of its image (both need --pool)")
    p.add_argument("--train-words", choices=["sample", "captions"], default="sample",
                   help="captions: score exactly the pool's caption words; park the rest (needs --pool)")
    p.add_argument("--no-flip", action="store_true", help="pool: no horizontal-flip augmentation")
    p.add_argument("--l1-img", type=float, default=0.0, help="weight of L1 on normalised image vectors")
    p.add_argument("--patch-penalty", type=float, default=0.0, help="weight of the overuse penalty over patches")
    p.add_argument("--l1-patch", type=float, default=0.0, help="weight of mean L1 of normalised patch vectors")
    p.add_argument("--off-text", type=float, default=0.0,
                   help="weight of each patch's mass on words its image's text does not contain")
    p.add_argument("--word-bce", type=float, default=0.0,
                   help="LexVLA: weight of a per-word binary cross-entropy on the max-pooled patch logits "
                        "(is the word in the image's text?)")
    p.add_argument("--absent-patch", type=float, default=0.0,
                   help="LexVLA: weight of a per-patch 'no' for each word the image's text lacks, pushing its logit "
                        "below the parked words' level (mapper bias) minus --absent-margin")
    p.add_argument("--absent-margin", type=float, default=TrainConfig.absent_margin,
                   help="how far below the mapper bias --absent-patch pushes absent words' patch logits")
    p.add_argument("--word-weights", choices=["idf", "idf2", "plain"], default="idf",
                   help="text-side caption word weights: idf (rarity), idf2 (its square: common words weigh "
                        "less) or plain (1 each; function words 0)")
    p.add_argument("--weight-decay", type=float, default=TrainConfig.weight_decay)
    p.add_argument("--ckpt-every", type=int, default=0, help="steps between resumable checkpoints")
    p.add_argument("--resume", action="store_true", help="continue from OUT/checkpoint.pt if present")
    p.add_argument("--set", action="append", default=[], metavar="KEY=JSON",
                   help="override a model-config field of --config, e.g. --set adapter_attention=false")
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
                      pool=a.pool, text_target=a.text_target, train_words=a.train_words, flip=not a.no_flip,
                      l1_img=a.l1_img, l1_patch=a.l1_patch, off_text=a.off_text, word_weighting=a.word_weights, word_bce=a.word_bce, absent_patch=a.absent_patch, absent_margin=a.absent_margin, patch_penalty=a.patch_penalty, weight_decay=a.weight_decay,
                      ckpt_every=a.ckpt_every, model_config=with_overrides(PRESETS[a.config], a.set))
    result = train(cfg, a.out, a.config, resume=a.resume)
    print(json.dumps({"out": str(a.out), "metrics": result["metrics"], "steps_per_second": result["steps_per_second"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

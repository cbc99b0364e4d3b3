"""torchrun --nproc_per_node 2 (gloo, CPU) on tiny random configs: after every optimisation step
the ranks hold identical trained parameters, and after a few steps they equal a single-process
run on the same global batches (each rank gets half of every batch, padded on its own, as the
shard loader does). DDP and FSDP (the LLM sharded per decoder layer and per LoRA Linear).

This file is also the worker that torchrun starts: `python -m torch.distributed.run ... THIS --out F`."""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import torch

STEPS = 3
PER_RANK = 2
CAPTIONS = ["a dog on a sofa", "two red apples on a wooden table", "a cat", "a tree by a lake in the morning fog",
            "a bicycle", "three small birds sitting on a wire above the street", "a cup of tea", "an old boat"]


def global_batch(step: int, n: int, image_size: int):
    """The step's whole batch: pixels float [n, 3, S, S] and n captions (fixed per step)."""
    g = torch.Generator().manual_seed(100 + step)
    pixels = torch.randn(n, 3, image_size, image_size, generator=g)
    order = torch.randperm(len(CAPTIONS), generator=g).tolist()
    return pixels, [CAPTIONS[i % len(CAPTIONS)] for i in order][:n]


def run(steps: int, fsdp: bool, on_step=None):
    """The training steps of lexvla.realscale.train (train_step) on fixed batches, in this process
    (world size 1) or in a torchrun rank. -> (per-step losses, per-step gradient norms before
    clipping, full trained state on rank 0)."""
    import contextlib

    from lexvla.realscale import distributed as D
    from lexvla.realscale.configs import LoraConfig, preset
    from lexvla.realscale.model import build_model
    from lexvla.realscale.prompt import PromptTokenizer, pad_batch, prompt_ids
    from lexvla.realscale.optim import param_groups
    from lexvla.realscale.train import train_step
    from lexvla.vocab import Vocabulary

    rank, world, _ = D.setup()
    device = torch.device("cpu")  # a CPU test, on GPU machines too (torchrun ranks get no CUDA device)
    # No LoRA dropout: each rank (and the single process) would draw different masks.
    # grad_clip well under the gradient norm (~0.008 here): clipping acts at every step, so a
    # norm computed per rank (FSDP shards) would scale the ranks' updates differently.
    cfg = preset("tiny-random", lora=LoraConfig(r=4, alpha=8, dropout=0.0), image_size=56, steps=steps, warmup=1,
                 grad_clip=1e-4)
    # float32 LLM: the check is about gradients and replicas, not bf16 rounding.
    model = build_model(cfg, Vocabulary.load(), device, llm_dtype=torch.float32,
                        llm_device=torch.device("cpu") if fsdp else None)
    if rank > 0:  # a rank that started elsewhere: wrapping must give every rank rank 0's replicated side
        with torch.no_grad():
            for name, p in model.named_parameters():
                if p.requires_grad and not name.startswith("text."):
                    p.add_(torch.randn_like(p))
    wrapped = D.wrap(model, device, fsdp)
    optimizer = torch.optim.AdamW(param_groups(model, cfg), lr=1e-3, betas=(0.9, 0.98), eps=1e-6)
    tok = PromptTokenizer.from_repo()
    losses, norms = [], []
    wrapped.train()
    for step in range(steps):
        pixels, captions = global_batch(step, PER_RANK * 2, cfg.image_size)
        mine = slice(rank * (PER_RANK * 2 // world), (rank + 1) * (PER_RANK * 2 // world))
        ids, mask = pad_batch([prompt_ids(c, tok, cfg.max_caption_tokens) for c in captions[mine]])
        parts = train_step(wrapped, model, optimizer, cfg, step, pixels[mine], ids, mask, fsdp, contextlib.nullcontext())
        losses.append(float(parts["loss"]))
        norms.append(float(parts["grad_norm"]))
        if on_step is not None:
            on_step(step + 1, model)
    params, _ = D.save_state(wrapped, optimizer, fsdp)
    assert min(norms) > 10 * cfg.grad_clip, norms  # clipping was active
    return losses, norms, params


def _worker(argv) -> int:
    import torch.distributed as dist

    from lexvla.realscale.model import trainable_state

    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--fsdp", action="store_true")
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    spread = []

    def check_replicas(step, model):
        # FSDP: the LLM's LoRA weights are shards (different by design); every other trained
        # tensor is replicated. DDP: every trained tensor is replicated.
        local = {n: t for n, t in trainable_state(model).items() if not (a.fsdp and n.startswith("text.llm."))}
        flat = torch.cat([t.flatten() for _, t in sorted(local.items())])
        parts = [torch.empty_like(flat) for _ in range(dist.get_world_size())]
        dist.all_gather(parts, flat)
        spread.append(max(float((q - parts[0]).abs().max()) for q in parts))

    losses, norms, params = run(STEPS, a.fsdp, check_replicas)
    if dist.get_rank() == 0:
        torch.save({"losses": losses, "norms": norms, "params": params, "replica_spread": spread,
                    "world": dist.get_world_size()}, a.out)
    dist.barrier()
    dist.destroy_process_group()
    return 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("mode", ["ddp", "fsdp"])
def test_torchrun_two_ranks_match_one_process(tmp_path, mode):
    pytest.importorskip("transformers", reason="real-scale tests need transformers")
    pytest.importorskip("peft", reason="real-scale tests need peft")
    out = tmp_path / "ranks.pt"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "CUDA_VISIBLE_DEVICES": "",
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[1]),
                                          str(Path(__file__).resolve().parents[2] / "data"),
                                          os.environ.get("PYTHONPATH", "")])}
    cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--master_addr", "127.0.0.1",
           "--master_port", str(_free_port()), __file__, "--out", str(out)] + (["--fsdp"] if mode == "fsdp" else [])
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-6000:]
    ranks = torch.load(out)
    assert ranks["world"] == 2 and len(ranks["replica_spread"]) == STEPS
    # Replicas agree exactly after every step (DDP all-reduces gradients: identical updates).
    assert max(ranks["replica_spread"]) == 0.0, ranks["replica_spread"]
    losses, norms, params = run(STEPS, fsdp=False)  # this process: world size 1, the whole batch
    print(f"{mode}: losses 2 ranks {ranks['losses']} / 1 process {losses}")
    print(f"{mode}: gradient norms 2 ranks {ranks['norms']} / 1 process {norms}")
    assert ranks["losses"] == pytest.approx(losses, abs=1e-5)
    # The gradient itself, not only where it leads: clipping acts at every step and rescales any
    # gradient to the same norm, so a reduction off by a constant factor (DDP's average not undone,
    # backward_scale) would leave the parameters as they are and show only here.
    assert ranks["norms"] == pytest.approx(norms, rel=1e-4)
    assert set(ranks["params"]) == set(params)
    worst = max(float((ranks["params"][n].float() - params[n]).abs().max()) for n in params)
    print(f"{mode}: max |param(2 ranks) - param(1 process)| after {STEPS} steps = {worst:.2e}")
    # Same global batch, same gradient up to float32 summation order: 1e-5 absolute on weights of
    # size ~0.02-1 after 3 AdamW steps of lr 1e-3 (a wrong reduction moves them by ~1e-3).
    assert worst < 1e-5


if __name__ == "__main__":
    sys.exit(_worker(sys.argv[1:]))

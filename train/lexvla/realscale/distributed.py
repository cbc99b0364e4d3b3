"""torchrun plumbing: process group, device, DDP or FSDP wrapping, and the trained-state checkpoint.

torchrun sets RANK, LOCAL_RANK, WORLD_SIZE; a plain `python3 -m` run is world size 1 without a
process group at world size 1. DDP reduces only parameters that require grad, so the frozen 7B LLM costs no
communication; FSDP (--fsdp) instead shards the LLM per decoder layer, for GPUs that cannot hold
a full bf16 copy each."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Dict, Tuple

import torch
import torch.distributed as dist
from torch import nn


def setup() -> Tuple[int, int, torch.device]:
    """-> (rank, world size, device). Initialises NCCL (GPU) or gloo (CPU) under torchrun."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    local = int(os.environ.get("LOCAL_RANK", "0"))
    device = torch.device(f"cuda:{local}") if torch.cuda.is_available() else torch.device("cpu")
    if device.type == "cuda":
        torch.cuda.set_device(device)
    # Under torchrun (RANK set) the group exists even at world size 1, so DDP/FSDP code paths run
    # the same on one GPU as on many; a plain `python3 -m` run has none.
    if "RANK" in os.environ and not dist.is_initialized():
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    rank = dist.get_rank() if dist.is_initialized() else 0
    return rank, world, device


def _lora_leaf(module: nn.Module) -> bool:
    """LoRA's own Linear layers (lora_A / lora_B): leaves whose weight trains."""
    weight = getattr(module, "weight", None)
    return next(module.children(), None) is None and isinstance(weight, torch.Tensor) and weight.requires_grad


def wrap(model: nn.Module, device: torch.device, fsdp: bool) -> nn.Module:
    """DDP over the whole model (trainable parts are reduced), or FSDP on the LLM's decoder layers
    plus DDP-free replication of the small vision side (its gradients are reduced by hand in
    reduce_replicated). Single process: the model itself.

    FSDP: the frozen base is bf16 and LoRA float32, and one FSDP unit must hold one dtype, so each
    LoRA Linear is a unit of its own inside its decoder layer's unit (peft's recipe). On GPUs,
    sync_module_states copies rank 0's LLM to the other ranks unit by unit, materialising the
    meta-device modules that ranks > 0 built (model.build_model(llm_meta=True)); then the
    replicated side is copied from rank 0 (sync_replicated). torch's FSDP offers
    sync_module_states only on GPUs: on the CPU (gloo tests) every rank builds the real LLM."""
    if not dist.is_initialized():
        return model
    if fsdp:
        from functools import partial

        from torch.distributed.fsdp import FullyShardedDataParallel as FSDP, MixedPrecision
        from torch.distributed.fsdp.wrap import _or_policy, lambda_auto_wrap_policy, transformer_auto_wrap_policy
        from transformers.models.llama.modeling_llama import LlamaDecoderLayer

        policy = partial(_or_policy, policies=[
            partial(lambda_auto_wrap_policy, lambda_fn=_lora_leaf),
            partial(transformer_auto_wrap_policy, transformer_layer_cls={LlamaDecoderLayer})])
        on_meta = any(p.is_meta for p in model.text.llm.parameters())
        if on_meta and device.type != "cuda":
            raise ValueError("FSDP: meta-device LLM on ranks > 0 needs GPUs (sync_module_states)")
        # Mixed precision where the forward runs under bf16 autocast (GPUs): compute in bf16,
        # reduce in float32. On the CPU the LLM computes in its own dtypes, as under DDP.
        mp = MixedPrecision(param_dtype=torch.bfloat16, reduce_dtype=torch.float32) if device.type == "cuda" else None
        # use_orig_params: parameter names and requires_grad stay per parameter (optimizer groups, checkpoints).
        model.text.llm = FSDP(model.text.llm, auto_wrap_policy=policy, use_orig_params=True, device_id=device,
                              mixed_precision=mp, sync_module_states=device.type == "cuda",
                              param_init_fn=(lambda m: m.to_empty(device=device, recurse=False)) if on_meta else None)
        sync_replicated(model)
        return model
    ids = [device.index] if device.type == "cuda" else None
    # DDP broadcasts rank 0's parameters and buffers when it wraps: every rank starts equal.
    return nn.parallel.DistributedDataParallel(model, device_ids=ids, broadcast_buffers=False)


def _replicated(model: nn.Module, what: str):
    """(name, tensor) of the parameters or buffers FSDP does not own: the vision side, Z_txt,
    logit_scale."""
    items = model.named_parameters() if what == "parameters" else model.named_buffers()
    return [(n, t) for n, t in items if "_fsdp_wrapped_module" not in n and not n.startswith("text.llm.")]


def sync_replicated(model: nn.Module) -> None:
    """FSDP mode: copy rank 0's replicated parameters and buffers (adapter, Z_img, Z_txt,
    logit_scale, the frozen DINOv2) to every rank, as DDP does when it wraps."""
    if not dist.is_initialized():
        return
    with torch.no_grad():
        for _, t in _replicated(model, "parameters") + _replicated(model, "buffers"):
            dist.broadcast(t.data, src=0)


def reduce_replicated(model: nn.Module) -> None:
    """FSDP mode: average the gradients of the parameters FSDP does not own (vision side,
    logit_scale) across ranks, as DDP would."""
    if not dist.is_initialized():
        return
    world = dist.get_world_size()
    for _, p in _replicated(model, "parameters"):
        if p.requires_grad and p.grad is not None:
            dist.all_reduce(p.grad)
            p.grad /= world


def clip_grad_norm(model: nn.Module, max_norm: float, fsdp: bool) -> torch.Tensor:
    """torch.nn.utils.clip_grad_norm_ over every trained parameter of the whole model, correct
    under FSDP too: there each rank holds only its shard of the LLM's (LoRA) gradients, so their
    squared norms are summed over ranks, while the replicated side's (already averaged, equal on
    every rank) count once. Every rank gets the same norm and the same clipping factor.
    -> the total norm before clipping (float32 scalar)."""
    sharded, replicated = [], []
    for name, p in model.named_parameters():
        if p.requires_grad and p.grad is not None and p.grad.numel() > 0:
            own = fsdp and dist.is_initialized() and ("_fsdp_wrapped_module" in name or name.startswith("text.llm."))
            (sharded if own else replicated).append(p.grad)
    grads = sharded + replicated
    if not grads:
        return torch.zeros(())
    device = grads[0].device
    square = torch.zeros((), device=device, dtype=torch.float32)
    for g in replicated:
        square += g.detach().float().pow(2).sum().to(device)
    if fsdp and dist.is_initialized():
        shard = torch.zeros((), device=device, dtype=torch.float32)
        for g in sharded:
            shard += g.detach().float().pow(2).sum().to(device)
        dist.all_reduce(shard)
        square += shard
    total = square.sqrt()
    factor = (max_norm / (total + 1e-6)).clamp(max=1.0)
    for g in grads:
        g.mul_(factor.to(g.device, g.dtype))
    return total


def unwrap(model: nn.Module) -> nn.Module:
    return model.module if isinstance(model, nn.parallel.DistributedDataParallel) else model


def save_state(model: nn.Module, optimizer: torch.optim.Optimizer, fsdp: bool) -> Tuple[Dict, Dict]:
    """(trained parameters, optimizer state), full (unsharded), on the CPU. Collective under FSDP."""
    if fsdp and dist.is_initialized():
        from torch.distributed.checkpoint.state_dict import StateDictOptions, get_state_dict

        # cpu_offload gathers onto the host; on a CPU-only run (gloo) it crashes torch 2.13's FSDP
        # (segmentation fault), and there the full tensors are on the host anyway.
        offload = next(model.parameters()).device.type != "cpu"
        opts = StateDictOptions(full_state_dict=True, cpu_offload=offload, ignore_frozen_params=True)
        return get_state_dict(model, optimizer, options=opts)
    from .model import trainable_state

    return trainable_state(unwrap(model)), optimizer.state_dict()


def load_state(model: nn.Module, optimizer: torch.optim.Optimizer, params: Dict, optim: Dict, fsdp: bool) -> None:
    if fsdp and dist.is_initialized():
        from torch.distributed.checkpoint.state_dict import StateDictOptions, set_state_dict

        opts = StateDictOptions(full_state_dict=True, cpu_offload=True, strict=False)
        set_state_dict(model, optimizer, model_state_dict=params, optim_state_dict=optim, options=opts)
        return
    from .model import load_trainable

    load_trainable(unwrap(model), params)
    optimizer.load_state_dict(optim)


def rng_state() -> Dict[str, Any]:
    """This rank's RNG states (dropout, LoRA dropout): saved per rank so that a resumed run draws
    what the uninterrupted one would have."""
    state = {"torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state()
    return state


def set_rng_state(state: Dict[str, Any]) -> None:
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state(state["cuda"])


def gather_objects(local: Any) -> list:
    """Every rank's `local`, in rank order (collective); [local] in a single process."""
    if not dist.is_initialized():
        return [local]
    parts = [None] * dist.get_world_size()
    dist.all_gather_object(parts, local)
    return parts


def gather_heads(local: Dict[str, Any]) -> Dict[str, Any]:
    """Merge every rank's data read heads (each rank owns different stream ids)."""
    if not dist.is_initialized():
        return local
    parts = [None] * dist.get_world_size()
    dist.all_gather_object(parts, local)
    merged = {"num_streams": local["num_streams"], "streams": {}}
    for part in parts:
        merged["streams"].update(part["streams"])
    return merged


def atomic_save(obj: Any, path: Path) -> None:
    """Write then rename: a run killed mid-save keeps its previous checkpoint."""
    tmp = path.with_suffix(".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)

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


def wrap(model: nn.Module, device: torch.device, fsdp: bool) -> nn.Module:
    """DDP over the whole model (trainable parts are reduced), or FSDP on the LLM's decoder layers
    plus DDP-free replication of the small vision side (its gradients are reduced by hand in
    reduce_replicated). Single process: the model itself."""
    if not dist.is_initialized():
        return model
    if fsdp:
        from functools import partial

        from torch.distributed.fsdp import FullyShardedDataParallel as FSDP, MixedPrecision
        from torch.distributed.fsdp.wrap import transformer_auto_wrap_policy
        from transformers.models.llama.modeling_llama import LlamaDecoderLayer

        policy = partial(transformer_auto_wrap_policy, transformer_layer_cls={LlamaDecoderLayer})
        # use_orig_params: frozen base weights and trained LoRA weights share FSDP units.
        model.text.llm = FSDP(model.text.llm, auto_wrap_policy=policy, use_orig_params=True,
                              device_id=device, mixed_precision=MixedPrecision(param_dtype=torch.bfloat16,
                                                                               reduce_dtype=torch.float32))
        return model
    ids = [device.index] if device.type == "cuda" else None
    return nn.parallel.DistributedDataParallel(model, device_ids=ids, broadcast_buffers=False)


def reduce_replicated(model: nn.Module) -> None:
    """FSDP mode: average the gradients of the parameters FSDP does not own (vision side,
    logit_scale) across ranks, as DDP would."""
    if not dist.is_initialized():
        return
    world = dist.get_world_size()
    for name, p in model.named_parameters():
        if p.requires_grad and p.grad is not None and "_fsdp_wrapped_module" not in name and "text.llm" not in name:
            dist.all_reduce(p.grad)
            p.grad /= world


def unwrap(model: nn.Module) -> nn.Module:
    return model.module if isinstance(model, nn.parallel.DistributedDataParallel) else model


def save_state(model: nn.Module, optimizer: torch.optim.Optimizer, fsdp: bool) -> Tuple[Dict, Dict]:
    """(trained parameters, optimizer state), full (unsharded), on the CPU. Collective under FSDP."""
    if fsdp and dist.is_initialized():
        from torch.distributed.checkpoint.state_dict import StateDictOptions, get_state_dict

        opts = StateDictOptions(full_state_dict=True, cpu_offload=True, ignore_frozen_params=True)
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

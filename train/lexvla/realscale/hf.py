"""The one module that imports transformers and peft (lazily): building DINOv2 and Llama-2 from a
local checkpoint or from a config with random weights, LoRA, and the checkpoint's tokenizer."""
from __future__ import annotations

import contextlib
from typing import Any, Dict, Optional

import torch
import torch.nn.functional as F
from torch import nn

from .configs import DINOV2_REGISTERS, LoraConfig, RealScaleConfig, dinov2_kwargs, llama_kwargs
from .prompt import PromptTokenizer


def transformers():
    try:
        import transformers as tf
    except ImportError as err:  # pragma: no cover - the message is the point
        raise ImportError("lexvla.realscale needs `transformers` (and `peft` for LoRA): pip install "
                          "transformers peft; the pure parts (shards, prompt, params) do not") from err
    return tf


def _dtype_kwargs(dtype: torch.dtype) -> Dict[str, Any]:
    """transformers 4.56+ names it `dtype`; earlier versions `torch_dtype`."""
    major_minor = tuple(int(x) for x in transformers().__version__.split(".")[:2])
    return {"dtype": dtype} if major_minor >= (4, 56) else {"torch_dtype": dtype}


@contextlib.contextmanager
def default_dtype_device(dtype: torch.dtype, device: torch.device):
    """Build modules directly in dtype on device: a random 7B model is made in seconds on a GPU
    instead of minutes (and 26 GB) in float32 on the CPU."""
    previous = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        with torch.device(device):
            yield
    finally:
        torch.set_default_dtype(previous)


def set_attention(model: nn.Module, kind: str) -> None:
    """'eager' for ONNX export (plain MatMul/Softmax), 'sdpa' for training."""
    if hasattr(model, "set_attn_implementation"):
        try:
            model.set_attn_implementation(kind)
            return
        except Exception:  # older/newer signatures: fall back to the config attribute
            pass
    model.config._attn_implementation = kind


def resize_positions(dino: nn.Module, image_size: int, patch_size: int) -> None:
    """Checkpoints are trained at 518 px (37 x 37 + 1 positions). Resize the table once to the
    training grid, as transformers' Dinov2 does on every forward (bicubic, antialiased), so that
    training and the exported graph use a fixed table and no interpolation op."""
    emb = dino.embeddings.position_embeddings  # [1, 1 + n*n, d]
    grid = image_size // patch_size
    n = int(round((emb.shape[1] - 1) ** 0.5))
    if n == grid:
        return
    patch = emb[:, 1:].reshape(1, n, n, -1).permute(0, 3, 1, 2).float()
    patch = F.interpolate(patch, size=(grid, grid), mode="bicubic", align_corners=False, antialias=True)
    table = torch.cat([emb[:, :1].float(), patch.permute(0, 2, 3, 1).reshape(1, grid * grid, -1)], dim=1)
    dino.embeddings.position_embeddings = nn.Parameter(table.to(emb.dtype), requires_grad=False)
    dino.config.image_size = image_size


def dinov2_classes(registers: bool):
    """(config class, model class): Dinov2WithRegisters* when the backbone has register tokens
    (Dinov2Model has none: its embeddings would drop a checkpoint's registers silently)."""
    tf = transformers()
    if registers:
        return tf.Dinov2WithRegistersConfig, tf.Dinov2WithRegistersModel
    return tf.Dinov2Config, tf.Dinov2Model


def build_dinov2(cfg: RealScaleConfig, path: Optional[str], seed: int) -> nn.Module:
    """Frozen DINOv2 in float32 on the CPU (the caller moves it): Dinov2Model, or
    Dinov2WithRegistersModel for checkpoints (model_type "dinov2_with_registers") and vision names
    with registers. Random weights are seeded on the CPU so that export rebuilds exactly the
    backbone a random-init run trained against."""
    tf = transformers()
    want = DINOV2_REGISTERS.get(cfg.vision, 0)
    if path:
        registers = tf.AutoConfig.from_pretrained(path).model_type == "dinov2_with_registers"
        _, model_cls = dinov2_classes(registers)
        dino = model_cls.from_pretrained(path, **_dtype_kwargs(torch.float32))
        got = int(getattr(dino.config, "num_register_tokens", 0) or 0) if registers else 0
        if got != want:
            raise ValueError(f"--vision-path {path}: {got} register tokens, but vision {cfg.vision!r} has {want}; "
                             "pick the matching --config/vision name (dinov2-with-registers-* for such checkpoints)")
    else:
        config_cls, model_cls = dinov2_classes(want > 0)
        torch.manual_seed(seed)
        dino = model_cls(config_cls(**dinov2_kwargs(cfg.vision, cfg.image_size, cfg.patch_size)))
    resize_positions(dino, cfg.image_size, cfg.patch_size)
    dino.requires_grad_(False)
    return dino.eval()


def build_llama(cfg: RealScaleConfig, path: Optional[str], device: torch.device, dtype: torch.dtype,
                seed: int, meta: bool = False) -> nn.Module:
    """LlamaModel (no lm_head: the text side reads hidden states only), frozen, on device in dtype.
    meta=True: the same module on the meta device, no weights read or allocated (FSDP ranks > 0,
    which receive rank 0's weights when FSDP materialises each shard, distributed.wrap)."""
    tf = transformers()
    if meta:
        config = tf.LlamaConfig.from_pretrained(path) if path else tf.LlamaConfig(**llama_kwargs(cfg.llm))
        with default_dtype_device(dtype, torch.device("meta")):
            llm = tf.LlamaModel(config)
    elif path:
        llm = tf.LlamaModel.from_pretrained(path, **_dtype_kwargs(dtype)).to(device)
    else:
        config = tf.LlamaConfig(**llama_kwargs(cfg.llm))
        torch.manual_seed(seed)
        with default_dtype_device(dtype, device):
            llm = tf.LlamaModel(config)
    llm.config.use_cache = False
    llm.requires_grad_(False)
    return llm


def apply_lora(llm: nn.Module, lora: LoraConfig, grad_checkpointing: bool) -> nn.Module:
    """peft LoRA on the configured projections; the base weights stay frozen."""
    try:
        import peft
    except ImportError as err:  # pragma: no cover
        raise ImportError("lexvla.realscale needs `peft` for LoRA: pip install peft") from err
    if grad_checkpointing:
        # Non-reentrant checkpointing needs no input that requires grad (frozen embeddings).
        # transformers 5.2x renames gradient_checkpointing_enable (deprecated) to activation_*.
        if hasattr(llm, "activation_checkpointing_enable"):
            llm.activation_checkpointing_enable(activation_checkpointing_kwargs={"use_reentrant": False})
        else:
            llm.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    config = peft.LoraConfig(r=lora.r, lora_alpha=lora.alpha, lora_dropout=lora.dropout,
                             target_modules=list(lora.targets), bias="none")
    return peft.get_peft_model(llm, config)


def llm_vocabulary(path: Optional[str]) -> Dict[str, int]:
    """token string -> id of the LLM's tokenizer (the repo's tokenizer.json for random weights)."""
    if path:
        return dict(transformers().AutoTokenizer.from_pretrained(path).get_vocab())
    from ..tokenizer import Llama2Tokenizer

    return dict(Llama2Tokenizer().vocab)


def load_prompt_tokenizer(path: Optional[str]) -> PromptTokenizer:
    """The checkpoint's own tokenizer (its ids index its embeddings), else the repo's."""
    if not path:
        return PromptTokenizer.from_repo()
    tok = transformers().AutoTokenizer.from_pretrained(path)
    return PromptTokenizer(lambda text: tok(text, add_special_tokens=False)["input_ids"], tok.bos_token_id,
                           pad_id=tok.pad_token_id if tok.pad_token_id is not None else 0)


def count_on_meta(cfg: RealScaleConfig) -> Dict[str, int]:
    """Real-shape parameter counts without allocating: Llama on the meta device, LoRA applied."""
    tf = transformers()
    config_cls, model_cls = dinov2_classes(DINOV2_REGISTERS.get(cfg.vision, 0) > 0)
    with torch.device("meta"):
        llm = tf.LlamaModel(tf.LlamaConfig(**llama_kwargs(cfg.llm)))
        dino = model_cls(config_cls(**dinov2_kwargs(cfg.vision, cfg.image_size, cfg.patch_size)))
    llm.requires_grad_(False)
    base = sum(p.numel() for p in llm.parameters())
    peft_llm = apply_lora(llm, cfg.lora, grad_checkpointing=False)
    lora = sum(p.numel() for p in peft_llm.parameters() if p.requires_grad)
    return {"llm_frozen": base, "lora_trained": lora, "vision_backbone_frozen": sum(p.numel() for p in dino.parameters())}


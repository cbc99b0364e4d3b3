"""Parameter counts from configs alone (no transformers, no weights): what trains, what is frozen,
and how large the exported vision graph is. tests/test_realscale_hf.py checks each formula against
the real modules (on the meta device for Llama-2-7B)."""
from __future__ import annotations

from typing import Dict, Iterable

from .configs import DINOV2_REGISTERS, DINOV2_SHAPES, LLAMA_SHAPES, RealScaleConfig

CODEBOOK_DIM = 4096  # Llama-2-7B's width: the codebooks' row size


def dinov2_params(name: str, image_size: int = 224, patch_size: int = 14) -> int:
    """transformers.Dinov2Model (Dinov2WithRegistersModel for the *-registers names) with a position
    table for image_size (CLS + grid^2 rows)."""
    d, layers, _, m = DINOV2_SHAPES[name]
    grid = image_size // patch_size
    embed = 3 * patch_size * patch_size * d + d + d + d + (grid * grid + 1) * d  # conv, cls, mask token
    embed += DINOV2_REGISTERS.get(name, 0) * d  # register tokens
    block = (2 * d + 3 * (d * d + d) + (d * d + d) + d  # norm1, q/k/v, out, layer scale
             + 2 * d + (d * m + m) + (m * d + d) + d)  # norm2, fc1, fc2, layer scale
    return embed + layers * block + 2 * d


def llama_params(name: str, lm_head: bool = False) -> int:
    """transformers.LlamaModel (lm_head=False: the text side needs hidden states only)."""
    h, layers, heads, kv, inter, vocab = LLAMA_SHAPES[name]
    head_dim = h // heads
    attn = h * h + 2 * h * kv * head_dim + h * h
    block = attn + 3 * h * inter + 2 * h
    return vocab * h + layers * block + h + (vocab * h if lm_head else 0)


def lora_shapes(name: str) -> Dict[str, tuple]:
    """(in, out) of each Llama linear that LoRA may target."""
    h, _, heads, kv, inter, _ = LLAMA_SHAPES[name]
    kvd = kv * (h // heads)
    return {"q_proj": (h, h), "k_proj": (h, kvd), "v_proj": (h, kvd), "o_proj": (h, h),
            "gate_proj": (h, inter), "up_proj": (h, inter), "down_proj": (inter, h)}


def lora_params(name: str, r: int, targets: Iterable[str]) -> int:
    """LoRA adds A [r, in] and B [out, r] to each targeted linear of every layer."""
    shapes = lora_shapes(name)
    layers = LLAMA_SHAPES[name][1]
    unknown = [t for t in targets if t not in shapes]
    if unknown:
        raise ValueError(f"lora targets {unknown} are not Llama linears; expected some of {sorted(shapes)}")
    return layers * sum(r * (shapes[t][0] + shapes[t][1]) for t in targets)


def adapter_params(width: int, out_dim: int = CODEBOOK_DIM) -> int:
    """lexvla.lexvla.Adapter: LN, self-attention (qkv + proj), LN, MLP d -> 4d -> out_dim."""
    attn = (width * 3 * width + 3 * width) + (width * width + width)
    mlp = (width * 4 * width + 4 * width) + (4 * width * out_dim + out_dim)
    return 2 * 2 * width + attn + mlp


def summary(cfg: RealScaleConfig, vocab_size: int) -> Dict[str, int]:
    """Every count the docs and the GPU check print, in parameters (not bytes)."""
    width = DINOV2_SHAPES[cfg.vision][0]
    out = {
        "vision_backbone_frozen": dinov2_params(cfg.vision, cfg.image_size, cfg.patch_size),
        "llm_frozen": llama_params(cfg.llm),
        "text_codebook_frozen": vocab_size * LLAMA_SHAPES[cfg.llm][0],  # rows of the LLM's embedding
        "adapter_trained": adapter_params(width, LLAMA_SHAPES[cfg.llm][0]),
        "vision_codebook_trained": vocab_size * LLAMA_SHAPES[cfg.llm][0],
        "lora_trained": lora_params(cfg.llm, cfg.lora.r, cfg.lora.targets),
        "logit_scale_trained": 1,
    }
    out["trained_total"] = sum(v for k, v in out.items() if k.endswith("_trained"))
    out["vision_graph"] = out["vision_backbone_frozen"] + out["adapter_trained"] + out["vision_codebook_trained"]
    return out


def vision_graph_bytes(cfg: RealScaleConfig, vocab_size: int, fp16: bool) -> int:
    """Approximate vision.onnx weight bytes (graph structure adds well under 1 MB). In fp16 the
    small tensors (norms, biases: < 1024 values) stay fp32, a negligible difference."""
    return summary(cfg, vocab_size)["vision_graph"] * (2 if fp16 else 4)

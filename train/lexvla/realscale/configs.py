"""Real-scale presets: backbone shapes, LoRA, training hyper-parameters. Pure (no transformers).

The shapes are the published ones of DINOv2 (facebook/dinov2-base, -large) and Llama-2-7B;
everything marked (ours) is unpublished by LexVLA and chosen here."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any, Dict, List, Tuple

# Published shapes: (hidden, layers, heads, mlp hidden).
DINOV2_SHAPES: Dict[str, Tuple[int, int, int, int]] = {
    "dinov2-small": (384, 12, 6, 1536),
    "dinov2-base": (768, 12, 12, 3072),
    "dinov2-large": (1024, 24, 16, 4096),
    "dinov2-tiny-random": (64, 2, 2, 256),  # tests only
    # DINOv2 with registers (facebook/dinov2-with-registers-*: Darcet et al. 2024), transformers'
    # Dinov2WithRegistersModel. Same shapes plus register tokens, which DinoBackbone drops.
    "dinov2-with-registers-small": (384, 12, 6, 1536),
    "dinov2-with-registers-base": (768, 12, 12, 3072),
    "dinov2-with-registers-large": (1024, 24, 16, 4096),
    "dinov2-tiny-random-registers": (64, 2, 2, 256),  # tests only
}
# Register tokens per vision name (absent: 0, a plain Dinov2Model).
DINOV2_REGISTERS: Dict[str, int] = {name: 4 for name in DINOV2_SHAPES if "registers" in name}

# (hidden, layers, heads, kv heads, intermediate, vocab size)
LLAMA_SHAPES: Dict[str, Tuple[int, int, int, int, int, int]] = {
    "llama-2-7b": (4096, 32, 32, 32, 11008, 32000),
    "llama-2-7b-4layers": (4096, 4, 32, 32, 11008, 32000),  # real width, few layers: throughput
    "llama-2-7b-1layer": (4096, 1, 32, 32, 11008, 32000),  # real width, one layer: tests
    "llama-tiny-random": (64, 2, 4, 4, 128, 32000),  # tests only; vocab stays 32,000 (token ids)
}

LORA_TARGETS_ATTN = ["q_proj", "k_proj", "v_proj", "o_proj"]
LORA_TARGETS_ALL = LORA_TARGETS_ATTN + ["gate_proj", "up_proj", "down_proj"]


@dataclass
class LoraConfig:
    # r=20 on q,k,v,o of Llama-2-7B gives 20,971,520 trainable parameters, the paper's "~21M"
    # (its rank and targets are unpublished; r=8 on all seven projections gives 19,988,480).
    r: int = 20
    alpha: int = 40  # alpha = 2r (ours)
    dropout: float = 0.05
    targets: List[str] = field(default_factory=lambda: list(LORA_TARGETS_ATTN))


@dataclass
class RealScaleConfig:
    vision: str = "dinov2-base"
    llm: str = "llama-2-7b"
    image_size: int = 224
    patch_size: int = 14
    lora: LoraConfig = field(default_factory=LoraConfig)
    max_caption_tokens: int = 64  # caption tokens kept inside the prompt (ours)
    # Training (ours: LexVLA publishes 8 x A100-40GB and 9.2M CC-12M pairs, nothing else).
    batch_per_gpu: int = 64
    steps: int = 20_000
    lr: float = 1e-4
    codebook_lr: float = 1e-4
    weight_decay: float = 0.05
    grad_clip: float = 1.0  # max global gradient norm (ours)
    warmup: int = 1000
    lambda_img: float = 1e-3
    lambda_txt: float = 1e-3
    penalty: str = "overuse"
    grad_checkpointing: bool = True
    shuffle_buffer: int = 2000
    workers: int = 6
    log_every: int = 20
    save_every: int = 1000
    seed: int = 0

    @property
    def grid(self) -> int:
        return self.image_size // self.patch_size

    @property
    def num_patches(self) -> int:
        return self.grid * self.grid

    def to_json(self) -> Dict[str, Any]:
        return asdict(self)


PRESETS: Dict[str, RealScaleConfig] = {
    "base": RealScaleConfig(),
    "large": RealScaleConfig(vision="dinov2-large", batch_per_gpu=48),
    "tiny-random": RealScaleConfig(vision="dinov2-tiny-random", llm="llama-tiny-random",
                                   lora=LoraConfig(r=4, alpha=8), batch_per_gpu=8, steps=20,
                                   warmup=2, shuffle_buffer=16, workers=0, log_every=1, save_every=10,
                                   grad_checkpointing=False),
}


def preset(name: str, **overrides: Any) -> RealScaleConfig:
    if name not in PRESETS:
        raise ValueError(f"--config is {name!r}, expected one of {sorted(PRESETS)}")
    return replace(PRESETS[name], **overrides)


def config_from_json(data: Dict[str, Any]) -> RealScaleConfig:
    data = dict(data)
    data["lora"] = LoraConfig(**data.get("lora", {}))
    return RealScaleConfig(**data)


def dinov2_kwargs(name: str, image_size: int, patch_size: int) -> Dict[str, Any]:
    """Keyword arguments for transformers.Dinov2Config. image_size = the training size, so the
    position table has exactly grid x grid + 1 rows and no interpolation runs (checkpoints trained
    at 518 px are resized once on load, hf.py)."""
    if name not in DINOV2_SHAPES:
        raise ValueError(f"vision is {name!r}, expected one of {sorted(DINOV2_SHAPES)}")
    hidden, layers, heads, mlp = DINOV2_SHAPES[name]
    out = {"hidden_size": hidden, "num_hidden_layers": layers, "num_attention_heads": heads,
           "mlp_ratio": mlp // hidden, "image_size": image_size, "patch_size": patch_size,
           "layerscale_value": 1.0, "use_swiglu_ffn": False}
    if DINOV2_REGISTERS.get(name, 0):  # -> transformers.Dinov2WithRegistersConfig
        out["num_register_tokens"] = DINOV2_REGISTERS[name]
    return out


def llama_kwargs(name: str) -> Dict[str, Any]:
    if name not in LLAMA_SHAPES:
        raise ValueError(f"llm is {name!r}, expected one of {sorted(LLAMA_SHAPES)}")
    hidden, layers, heads, kv, inter, vocab = LLAMA_SHAPES[name]
    return {"hidden_size": hidden, "num_hidden_layers": layers, "num_attention_heads": heads,
            "num_key_value_heads": kv, "intermediate_size": inter, "vocab_size": vocab,
            "max_position_embeddings": 4096, "rms_norm_eps": 1e-5, "tie_word_embeddings": False}

"""Real-scale LexVLA: frozen DINOv2 -> adapter -> mapper onto Z_img (lexvla.lexvla.LexVision),
and Llama-2 + LoRA read at the prompt's last token onto the frozen Z_txt."""
from __future__ import annotations

import math
from typing import Dict, Optional, Tuple

import torch
from torch import Tensor, nn

from ..backbone import BackboneOutput
from ..config import ModelConfig
from ..lexical import elu1p, l2norm
from ..lexvla import LexVision
from ..vocab import Vocabulary
from . import hf
from .configs import RealScaleConfig
from .prompt import last_index
from .vocab_ids import resolve_token_ids


class DinoBackbone(nn.Module):
    """A frozen transformers Dinov2Model as lexvla.backbone.Backbone: 256 patch tokens at 224 px
    (CLS and register tokens dropped). The embedding step is written out (patch conv, CLS, fixed
    position table) instead of calling Dinov2Embeddings, whose position interpolation would be
    traced into the ONNX graph even at the native size."""

    def __init__(self, dino: nn.Module) -> None:
        super().__init__()
        self.dino = dino
        self.width = dino.config.hidden_size
        self.registers = int(getattr(dino.config, "num_register_tokens", 0) or 0)
        self.num_patches = dino.embeddings.position_embeddings.shape[1] - 1

    def train(self, mode: bool = True) -> "DinoBackbone":
        return super().train(False)  # frozen: dropout/drop-path stay off

    def forward(self, pixel_values: Tensor) -> BackboneOutput:
        emb = self.dino.embeddings
        with torch.no_grad():
            x = emb.patch_embeddings(pixel_values.to(emb.patch_embeddings.projection.weight.dtype))  # [B, 256, d]
            if x.shape[1] != self.num_patches:
                raise ValueError(f"DINOv2: {x.shape[1]} patches, expected {self.num_patches} "
                                 f"(input {tuple(pixel_values.shape)}, position table for the training size)")
            cls = emb.cls_token.expand(x.shape[0], -1, -1)
            x = torch.cat([cls, x], dim=1) + emb.position_embeddings
            if self.registers:
                x = torch.cat([x[:, :1], emb.register_tokens.expand(x.shape[0], -1, -1), x[:, 1:]], dim=1)
            h = self.dino.layernorm(self.dino.encoder(x)[0])
        return BackboneOutput(patch_tokens=h[:, 1 + self.registers:], cls_token=h[:, 0])


class LlamaLexText(nn.Module):
    """Prompt token ids -> ELU1p text scores float [B, V]: h = final hidden state at each row's
    last real token (right-padded batches), logits = h . Z_txt^T in float32."""

    def __init__(self, llm: nn.Module, z_txt: Tensor) -> None:
        super().__init__()
        self.llm = llm
        # Frozen and rebuilt from the LLM at load: not saved in checkpoints.
        self.register_buffer("z_txt", z_txt.float(), persistent=False)  # float32 [V, 4096]

    def forward(self, input_ids: Tensor, attention_mask: Tensor) -> Tensor:
        hidden = self.llm(input_ids=input_ids, attention_mask=attention_mask)[0]  # [B, L, 4096]
        rows = torch.arange(hidden.shape[0], device=hidden.device)
        h = hidden[rows, last_index(attention_mask)].float()  # [B, 4096]
        return elu1p(h @ self.z_txt.t())


class RealScaleLexVLA(nn.Module):
    """Same interface as lexvla.lexvla.LexVLA (encode_image, encode_text, logit_scale, kind), plus
    forward() so that DDP sees one call per step."""

    kind = "lexical"

    def __init__(self, vision: LexVision, text: Optional[LlamaLexText]) -> None:
        super().__init__()
        self.vision, self.text = vision, text
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))  # CLIP's init (inferred)

    def encode_image(self, pixel_values: Tensor) -> Tensor:
        return l2norm(self.vision.global_scores(pixel_values).float())  # [B, V]

    def encode_text(self, input_ids: Tensor, attention_mask: Tensor) -> Tensor:
        return l2norm(self.text(input_ids, attention_mask).float())  # [B, V]

    def forward(self, pixel_values: Tensor, input_ids: Tensor, attention_mask: Tensor) -> Tuple[Tensor, Tensor]:
        return self.encode_image(pixel_values), self.encode_text(input_ids, attention_mask)


def text_codebook(llm: nn.Module, vocab: Vocabulary, llm_vocab: Dict[str, int]) -> Tensor:
    """Z_txt float32 [V, 4096]: the LLM's input-embedding rows of the vocabulary's words, looked up
    by token string in the LLM's own tokenizer (vocab_ids.py)."""
    ids = resolve_token_ids(vocab.words, llm_vocab)
    table = llm.get_input_embeddings().weight
    return table.detach()[torch.tensor(ids, device=table.device)].float().clone()


def build_model(cfg: RealScaleConfig, vocab: Vocabulary, device: torch.device, vision_path: Optional[str] = None,
                llm_path: Optional[str] = None, llm_dtype: torch.dtype = torch.bfloat16,
                with_text: bool = True, lora: bool = True,
                llm_device: Optional[torch.device] = None, llm_meta: bool = False) -> RealScaleLexVLA:
    """The model on `device`. Frozen: DINOv2, the LLM, Z_txt. Trained: adapter, Z_img (init Z_txt),
    LoRA, logit_scale. with_text=False still loads the LLM once for Z_txt, then drops it (export of
    the vision graph needs no 13 GB LLM in memory). llm_device: where the LLM is built and stays
    (the CPU under FSDP, which then moves each shard to its GPU); default `device`.

    llm_meta=True (FSDP ranks > 0): the LLM and its LoRA are built on the meta device, nothing is
    read, and Z_txt (hence Z_img's initial value) is a zero placeholder: distributed.wrap fills
    the LLM from rank 0 and distributed.sync_replicated copies rank 0's vision side and Z_txt.
    Every random initial value is seeded from cfg.seed here (backbones in hf.build_*, then the
    adapter and LoRA), so all ranks start from the same model whatever the caller's RNG state;
    the global RNG is left seeded by cfg.seed: a caller wanting per-rank randomness (dropout)
    seeds it again afterwards."""
    dino = hf.build_dinov2(cfg, vision_path, seed=cfg.seed)
    llm = hf.build_llama(cfg, llm_path, llm_device or device, llm_dtype, seed=cfg.seed + 1, meta=llm_meta)
    if llm_meta:
        z_txt = torch.zeros(vocab.size, llm.config.hidden_size)
    else:
        z_txt = text_codebook(llm, vocab, hf.llm_vocabulary(llm_path))
    heads = dino.config.num_attention_heads
    torch.manual_seed(cfg.seed + 2)  # adapter, then LoRA's A matrices: identical on every rank
    vision = LexVision(ModelConfig(image_size=cfg.image_size, patch_size=cfg.patch_size, heads=heads),
                       z_txt.cpu(), backbone=DinoBackbone(dino))
    text = None
    if with_text:
        if lora:
            llm = hf.apply_lora(llm, cfg.lora, cfg.grad_checkpointing)
        text = LlamaLexText(llm, z_txt)
    else:
        del llm
    model = RealScaleLexVLA(vision, text)
    # The frozen backbone stays float32: under bf16 autocast its matmuls run in bf16 anyway.
    model.vision.to(device)
    model.logit_scale.data = model.logit_scale.data.to(device)
    if text is not None:
        text.z_txt = text.z_txt.to(device)
    return model


def trainable_state(model: nn.Module) -> Dict[str, Tensor]:
    """What a checkpoint stores: trained parameters only (frozen weights come from their source)."""
    return {n: p.detach().float().cpu() for n, p in model.named_parameters() if p.requires_grad}


def load_trainable(model: nn.Module, state: Dict[str, Tensor]) -> None:
    own = dict(model.named_parameters())
    missing = [n for n, p in own.items() if p.requires_grad and n not in state]
    # A vision-only model (export) ignores the text side's LoRA weights.
    unknown = [n for n in state if n not in own and not (getattr(model, "text", 1) is None and n.startswith("text."))]
    if missing or unknown:
        raise ValueError(f"checkpoint: {len(missing)} trained parameters missing (e.g. {missing[:3]}), "
                         f"{len(unknown)} unknown (e.g. {unknown[:3]}); expected the same --config and LoRA settings")
    with torch.no_grad():
        for n, t in state.items():
            if n in own:
                own[n].copy_(t.to(own[n].dtype))

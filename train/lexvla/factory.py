"""Build models and load/save checkpoints (runs/NAME/model.pt + config.json)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, Tuple

import torch
from torch import nn

from .clip import ClipModel
from .config import ModelConfig, model_config_from_json
from .lexvla import LexVLA
from .tokenizer import Llama2Tokenizer
from .vocab import Vocabulary, resolve_repo_path

CHECKPOINT_FILE = "model.pt"
CONFIG_FILE = "config.json"


def build_model(kind: str, cfg: ModelConfig, vocab: Vocabulary, tokenizer: Llama2Tokenizer) -> nn.Module:
    remap = vocab.remap_table(tokenizer)
    if kind == "lexvla":
        return LexVLA(cfg, remap, vocab.size)
    if kind == "clip":
        return ClipModel(cfg, remap, vocab.size)
    raise ValueError(f"model kind is {kind!r}, expected 'lexvla' or 'clip'")


def save_checkpoint(run_dir: Path, model: nn.Module, config: Dict[str, Any]) -> None:
    run_dir.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().float().cpu() if v.is_floating_point() else v.cpu() for k, v in model.state_dict().items()}
    torch.save(state, run_dir / CHECKPOINT_FILE)
    (run_dir / CONFIG_FILE).write_text(json.dumps(config, indent=1) + "\n")


def load_checkpoint(run_dir: Path) -> Tuple[nn.Module, Dict[str, Any], Vocabulary, Llama2Tokenizer]:
    """-> (model in eval mode on the CPU, config.json contents, vocabulary, tokenizer)."""
    run_dir = Path(run_dir)
    config_path = run_dir / CONFIG_FILE
    if not config_path.exists():
        raise FileNotFoundError(f"{config_path}: missing; expected a run folder written by lexvla.train")
    config = json.loads(config_path.read_text())
    vocab = Vocabulary.load(resolve_repo_path(config["vocab"]["path"]))
    if vocab.size != config["vocab"]["size"]:
        raise ValueError(f"{vocab.path}: size {vocab.size}, but {config_path} vocab.size is {config['vocab']['size']}")
    tokenizer = Llama2Tokenizer()
    model = build_model(config["train"]["model"], model_config_from_json(config["train"]["model_config"]), vocab, tokenizer)
    state = torch.load(run_dir / CHECKPOINT_FILE, map_location="cpu")
    model.load_state_dict(state)
    model.eval()
    return model, config, vocab, tokenizer

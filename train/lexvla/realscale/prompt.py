"""The in-context lexical-prediction prompt and its batching (pure: any tokenizer with encode()).

The LLM reads the prompt with the caption in its [TEXT] slot; the hidden state of the prompt's
last token is h, and the lexical logits are h . Z_txt^T (model.py)."""
from __future__ import annotations

from typing import Callable, List, Sequence, Tuple

import torch
from torch import Tensor

# (inferred) LexVLA calls this "in-context lexical prediction" without publishing the wording;
# this is PromptEOL's template (Jiang et al. 2023), which the method's description follows: the
# prompt ends where the next token would be the word summarising the text, so h is read there.
PROMPT_TEMPLATE = 'This sentence : "{text}" means in one word:"'

Encode = Callable[[str], List[int]]  # text -> token ids, without BOS


class PromptTokenizer:
    """Wraps a tokenizer's encode (no BOS) and its BOS id; pads on the right with pad_id."""

    def __init__(self, encode: Encode, bos_id: int, pad_id: int = 0) -> None:
        self.encode, self.bos_id, self.pad_id = encode, bos_id, pad_id

    @classmethod
    def from_repo(cls) -> "PromptTokenizer":
        """The repository's Llama-2-style tokenizer.json (lexvla.tokenizer): for random-weight
        models and tests. A real checkpoint must use its own tokenizer (hf.load_prompt_tokenizer)."""
        from ..tokenizer import Llama2Tokenizer

        tok = Llama2Tokenizer()
        return cls(lambda text: tok.encode(text, add_bos=False), tok.bos_id)


def fit_caption(caption: str, encode: Encode, max_tokens: int) -> str:
    """The longest word prefix of `caption` whose tokens fit in max_tokens. Cutting words, not
    tokens, keeps the prompt's closing quote and suffix intact: h must be read at the prompt's
    real end, never inside a truncated caption."""
    caption = " ".join(caption.split())
    if len(encode(caption)) <= max_tokens:
        return caption
    words = caption.split(" ")
    lo, hi = 0, len(words)  # invariant: words[:lo] fits
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if len(encode(" ".join(words[:mid]))) <= max_tokens:
            lo = mid
        else:
            hi = mid - 1
    return " ".join(words[:lo])


def prompt_ids(caption: str, tok: PromptTokenizer, max_caption_tokens: int) -> List[int]:
    """[BOS] + tokens of PROMPT_TEMPLATE with the (fitted) caption in its slot."""
    text = PROMPT_TEMPLATE.format(text=fit_caption(caption, tok.encode, max_caption_tokens))
    return [tok.bos_id] + tok.encode(text)


def pad_batch(rows: Sequence[List[int]], pad_id: int = 0) -> Tuple[Tensor, Tensor]:
    """-> (input_ids int64 [B, L], attention_mask int64 [B, L]), right-padded to the longest row.
    Right padding keeps Llama's position ids 0..n-1 for every row (left padding would shift them);
    the last real token is read at index mask.sum(1) - 1 (model.py)."""
    length = max(len(r) for r in rows)
    ids = torch.full((len(rows), length), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), length), dtype=torch.long)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = torch.tensor(row, dtype=torch.long)
        mask[i, : len(row)] = 1
    return ids, mask


def last_index(attention_mask: Tensor) -> Tensor:
    """int64 [B]: position of each row's last real token (right padding)."""
    return attention_mask.sum(dim=1) - 1

"""Vocabulary words -> the LLM's own token ids, for the text codebook Z_txt = embedding rows.

vocab.json's tokenIds index the repository's tokenizer.json (the one the browser runs; see
lexvla/tokenizer.py: its ids are Mistral-7B's, e.g. "the" is 272 there and 278 in Llama-2).
A real Llama-2 checkpoint numbers tokens differently, so Z_txt rows are looked up by token
string in the checkpoint's own vocabulary; the bundle keeps vocab.json's ids unchanged."""
from __future__ import annotations

from typing import Dict, List, Sequence

SPACE = "\u2581"  # SentencePiece's word-start marker


def resolve_token_ids(words: Sequence[str], token_to_id: Dict[str, int], max_missing: int = 0) -> List[int]:
    """Each word's id in token_to_id: the word-start piece "▁word" if it exists, else the bare
    piece "word" (sub-word pieces such as "er" survive the vocabulary filter). Raises when more
    than max_missing words have neither (then the vocabulary was made for another tokenizer);
    a missing word gets id -1 and must be handled by the caller."""
    ids, missing = [], []
    for word in words:
        hit = token_to_id.get(SPACE + word, token_to_id.get(word))
        if hit is None:
            missing.append(word)
            ids.append(-1)
        else:
            ids.append(int(hit))
    if len(missing) > max_missing:
        raise ValueError(f"vocabulary: {len(missing)} of {len(words)} words have no token in the LLM's "
                         f"tokenizer (e.g. {missing[:5]}), expected at most {max_missing}; "
                         "is the vocabulary built for this tokenizer family?")
    return ids

"""The Python tokenizer (Hugging Face `tokenizers`) must give the same ids as @huggingface/tokenizers (the browser's)."""
import json
from pathlib import Path

from lexvla.tokenizer import Llama2Tokenizer

GOLDEN = Path(__file__).parent / "golden" / "tokens.json"


def test_golden_ids_match_huggingface_tokenizers(tokenizer: Llama2Tokenizer) -> None:
    cases = json.loads(GOLDEN.read_text())["cases"]
    assert len(cases) >= 50
    mismatches = [(c["text"], c["ids"], tokenizer.encode(c["text"])) for c in cases
                  if tokenizer.encode(c["text"]) != c["ids"]]
    assert mismatches == []


def test_padding_and_truncation(tokenizer: Llama2Tokenizer) -> None:
    ids, mask = tokenizer.encode_padded("a dog and a cat", 8)
    assert ids[:6] == tokenizer.encode("a dog and a cat") and ids[6:] == [0, 0]
    assert mask == [1] * 6 + [0, 0]
    ids, mask = tokenizer.encode_padded("a dog and a cat", 3)
    assert ids == tokenizer.encode("a dog and a cat")[:3] and mask == [1, 1, 1]


def test_byte_fallback_for_unknown_characters(tokenizer: Llama2Tokenizer) -> None:
    # U+1F436 DOG FACE is not a vocabulary entry: its four UTF-8 bytes become <0xXX> tokens.
    pieces = tokenizer.tokens(tokenizer.encode("🐶", add_bos=False))
    assert pieces[-4:] == ["<0xF0>", "<0x9F>", "<0x90>", "<0xB6>"]

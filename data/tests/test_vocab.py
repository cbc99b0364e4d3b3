"""llama2-filter-v1: the rule on single tokens, and the committed JSON against a fresh build."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

VOCAB_DIR = Path(__file__).resolve().parents[1] / "vocab"
sys.path.insert(0, str(VOCAB_DIR))
import build_vocab  # noqa: E402

CASES = [
    ("<unk>", "special"), ("</s>", "special"), ("<0x0A>", "byte-fallback"),
    ("\u2581\u2581", "whitespace-only"), ("\u2581199", "contains-digit"), ("x2", "contains-digit"),
    (",", "punctuation-or-symbol"), ("\u2581(", "punctuation-or-symbol"),
    ("\u2581\u0441\u043e\u0431", "non-latin-script"), ("\u4e2d", "non-latin-script"),
    ("i\u00f3n", "accented-latin"), ("\u2581f\u00fcr", "accented-latin"),
    ("\u2581dog", None), ("er", None), ("cou", None), ("\u2581The", None),
]


@pytest.mark.parametrize("token,reason", CASES)
def test_removal_reason(token: str, reason: str | None) -> None:
    assert build_vocab.removal_reason(token) == reason


def test_duplicate_display_keeps_the_word_initial_token() -> None:
    out = build_vocab.build({"<unk>": 0, "er": 5, "\u2581er": 9, "cou": 11, "\u2581dog": 12})
    assert out["words"] == ["er", "cou", "dog"]
    assert out["tokenIds"] == [9, 11, 12]
    assert out["removed"]["duplicate-display"] == 1 and out["removed"]["special"] == 1


@pytest.fixture(scope="module")
def committed() -> dict:
    return json.loads((VOCAB_DIR / "llama2-filter-v1.json").read_text(encoding="utf-8"))


def test_committed_json_is_what_the_script_builds(committed: dict) -> None:
    vocab = build_vocab.load_tokenizer_vocab(build_vocab.DEFAULT_TOKENIZER)
    assert build_vocab.build(vocab) == committed


def test_committed_json_shape(committed: dict) -> None:
    assert committed["rule"] == "llama2-filter-v1"
    assert committed["size"] == len(committed["words"]) == len(committed["tokenIds"])
    assert committed["tokenIds"] == sorted(committed["tokenIds"])
    assert len(set(committed["words"])) == committed["size"]
    assert sum(committed["removed"].values()) + committed["size"] == 32000
    assert all(w.isascii() and w.isalpha() for w in committed["words"])
    print(f"\nV = {committed['size']} (paper: 17,149); removed: {committed['removed']}")

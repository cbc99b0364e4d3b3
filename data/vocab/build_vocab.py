"""Build the explorer's vocabulary from the Llama-2 tokenizer: rule "llama2-filter-v1".

Usage: .venv/bin/python data/vocab/build_vocab.py [--tokenizer PATH] [--out PATH] [--report]

The paper (LexVLA) removes "meaningless" tokens from Llama-2's 32,000 and keeps 17,149, but
never publishes its rule. This is ours: deterministic, one reason per removed token (the first
that applies, in RULES order), counts written into the output so docs/vocabulary.md can quote them.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_TOKENIZER = REPO / "data/vocab/llama2-tokenizer.json"  # scripts/make_llama2_tokenizer.mjs
DEFAULT_OUT = Path(__file__).resolve().parent / "llama2-filter-v1.json"
RULE = "llama2-filter-v1"
SPACE = "\u2581"  # "▁": SentencePiece's marker for a leading space
SPECIAL = {"<unk>", "<s>", "</s>"}
BYTE_FALLBACK = re.compile(r"<0x[0-9A-F]{2}>")
REASONS = (
    "special", "byte-fallback", "whitespace-only", "contains-digit", "punctuation-or-symbol",
    "non-latin-script", "letters-with-punctuation", "accented-latin", "duplicate-display",
)


def _is_latin_letter(ch: str) -> bool:
    return ch.isalpha() and "LATIN" in unicodedata.name(ch, "")


def removal_reason(token: str) -> str | None:
    """Why `token` is not a vocabulary word, or None if it is one. Order matters: first wins."""
    word = token.replace(SPACE, "")
    if token in SPECIAL:
        return "special"
    if BYTE_FALLBACK.fullmatch(token):
        return "byte-fallback"
    if word == "":
        return "whitespace-only"
    if any(ch.isdigit() for ch in word):
        return "contains-digit"
    if not any(ch.isalpha() for ch in word):
        return "punctuation-or-symbol"
    # Cyrillic, CJK, Greek, Arabic...: captions and class names here are English.
    if any(ch.isalpha() and not _is_latin_letter(ch) for ch in word):
        return "non-latin-script"
    # Letters glued to punctuation; Llama-2's SentencePiece splits these, so this is a guard.
    if not all(ch.isalpha() for ch in word):
        return "letters-with-punctuation"
    # Accented Latin pieces ("ión", "für", "ção") are fragments of non-English words.
    if not word.isascii():
        return "accented-latin"
    return None


def build(vocab: dict[str, int]) -> dict:
    """vocab: token string -> Llama-2 id. Returns the llama2-filter-v1 JSON object."""
    # Every reason appears in the counts, zero included, so the table shows the whole rule.
    removed: Counter[str] = Counter({reason: 0 for reason in REASONS})
    candidates: list[tuple[int, str, str]] = []  # (id, token, display word)
    for token, token_id in sorted(vocab.items(), key=lambda kv: kv[1]):
        reason = removal_reason(token)
        if reason is None:
            candidates.append((token_id, token, token.replace(SPACE, "")))
        else:
            removed[reason] += 1
    # "er" and "▁er" both display as "er". A word cloud must not show one word twice, so each
    # display string keeps one token: the word-initial "▁" form, which is how the word is
    # tokenised when it stands alone in a caption; the bare continuation piece is dropped.
    # Pieces with no "▁" twin ("cou", "woj") stay, as in the paper's vocabulary.
    initial = {word for _, token, word in candidates if token.startswith(SPACE)}
    words: list[str] = []
    token_ids: list[int] = []
    for token_id, token, word in candidates:
        if not token.startswith(SPACE) and word in initial:
            removed["duplicate-display"] += 1
            continue
        words.append(word)
        token_ids.append(token_id)
    assert len(set(words)) == len(words), "display strings must be unique"
    assert sum(removed.values()) + len(words) == len(vocab)
    return {
        "rule": RULE,
        "size": len(words),
        "words": words,
        "tokenIds": token_ids,
        "removed": dict(sorted(removed.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def load_tokenizer_vocab(path: Path) -> dict[str, int]:
    data = json.loads(path.read_text(encoding="utf-8"))
    vocab = data.get("model", {}).get("vocab")
    if not isinstance(vocab, dict) or len(vocab) == 0:
        raise ValueError(f"{path}: model.vocab is {type(vocab).__name__}, expected a token->id object")
    return vocab


def report(result: dict, total: int) -> str:
    """Markdown table for docs/vocabulary.md; every number comes from `result`."""
    lines = ["| removal reason | tokens |", "|---|---:|"]
    lines += [f"| {reason} | {count:,} |" for reason, count in result["removed"].items()]
    lines.append(f"| **kept (V)** | **{result['size']:,}** |")
    lines.append(f"| total Llama-2 tokens | {total:,} |")
    lines.append("")
    lines.append(f"V = {result['size']:,} (the paper: 17,149).")
    lower = len({w.lower() for w in result["words"]})
    lines.append(f"Distinct words if case were folded: {lower:,} (not applied).")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokenizer", type=Path, default=DEFAULT_TOKENIZER)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--report", action="store_true", help="print the markdown count table")
    args = parser.parse_args(argv)
    vocab = load_tokenizer_vocab(args.tokenizer)
    result = build(vocab)
    args.out.write_text(json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: V = {result['size']} of {len(vocab)} tokens", file=sys.stderr)
    if args.report:
        print(report(result, len(vocab)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

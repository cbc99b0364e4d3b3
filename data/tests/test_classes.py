"""classes.json: reproducible from the packages, sane, and its names expressible in the vocabulary."""
from __future__ import annotations

import json
import re
from pathlib import Path

from emojiscenes import build_classes
from emojiscenes.classes import CLASSES_JSON, load_class_table
from emojiscenes.synonyms import SYNONYMS

VOCAB_JSON = Path(__file__).resolve().parents[1] / "vocab" / "llama2-filter-v1.json"
TOKENIZER_JSON = Path(__file__).resolve().parents[2] / "data/vocab/llama2-tokenizer.json"


def test_committed_classes_json_is_what_the_script_builds(tmp_path: Path) -> None:
    out = tmp_path / "classes.json"
    assert build_classes.main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == CLASSES_JSON.read_text(encoding="utf-8")


def test_class_table_is_sorted_unique_and_sized() -> None:
    table = load_class_table()
    names = [c.name for c in table]
    assert names == sorted(set(names))
    assert 150 <= len(names) <= 300
    assert all(n == n.lower() and n.isascii() for n in names)


def test_synonyms_are_tags_of_their_class() -> None:
    tags = {c.name: set(c.tags) for c in load_class_table()}
    for name, words in SYNONYMS.items():
        assert name in tags, f"synonyms.py: {name!r} is not a class name"
        missing = [w for w in words if w not in tags[name]]
        assert not missing, f"synonyms.py: {name!r} lists {missing}, not among its CLDR tags"


def _segmentable(word: str, pieces: set[str]) -> bool:
    """Can `word` be split into vocabulary entries? (dynamic programming over prefixes)"""
    ok = [True] + [False] * len(word)
    for end in range(1, len(word) + 1):
        ok[end] = any(ok[start] and word[start:end] in pieces for start in range(end))
    return ok[-1]


def test_class_names_in_the_vocabulary() -> None:
    vocab = json.loads(VOCAB_JSON.read_text(encoding="utf-8"))
    words = set(vocab["words"])
    tokens = json.loads(TOKENIZER_JSON.read_text(encoding="utf-8"))["model"]["vocab"]
    kept_ids = set(vocab["tokenIds"])
    whole = {t[1:] for t, i in tokens.items() if t.startswith("\u2581") and i in kept_ids}
    names = [c.name for c in load_class_table()]
    not_whole = [n for n in names if not all(w in whole for w in n.replace("-", " ").split())]
    # Every name must at least be spellable from vocabulary entries, or lookup gives nothing.
    unspellable = [n for n in names if not all(_segmentable(w, words) for w in n.replace("-", " ").split())]
    assert unspellable == []
    print(f"\n{len(names) - len(not_whole)}/{len(names)} class names are whole '\u2581word' tokens; "
          f"the other {len(not_whole)} split into sub-word pieces: {', '.join(not_whole)}")
    assert len(not_whole) < len(names)


def test_each_class_has_its_own_emoji() -> None:
    """The app's scene composer tells classes apart by their emoji (manifest trainedOn.classes)."""
    table = load_class_table()
    codes = [c.unified for c in table]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[0-9A-F]{4,6}(-[0-9A-F]{4,6})*", u) for u in codes)
    assert all(c.image == c.unified.lower() + ".png" for c in table)

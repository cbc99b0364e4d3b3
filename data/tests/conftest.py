"""Shared fixtures: one EmojiScenes per test session (loading 297 emoji takes ~0.1 s)."""
from __future__ import annotations

import pytest

from emojiscenes import EmojiScenes


@pytest.fixture(scope="session")
def ds() -> EmojiScenes:
    return EmojiScenes(size=224, seed=0)

"""Shared fixtures: a micro model configuration and a small stand-in for EmojiScenes.

FakeScenes is used where a test needs many scenes fast (training-step tests); it has the
EmojiScenes API (scene(split, index) -> Scene with image/mask/boxes/classes/captions) and puts
a coloured square per class so that captions and pixels are related and loss can fall.
test_data.py checks the real generator separately."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
import torch

from lexvla.config import PRESETS
from lexvla.tokenizer import Llama2Tokenizer
from lexvla.vocab import Vocabulary

torch.set_num_threads(2)

COLOURS = {"dog": (200, 40, 40), "cat": (40, 200, 40), "apple": (40, 40, 200), "tree": (200, 200, 40)}


class FakeScenes:
    classes = list(COLOURS)
    tags = [[c] for c in COLOURS]
    emoji = ["1F415", "1F408", "1F34E", "1F333"]  # the classes' emoji, as EmojiScenes.emoji gives them

    def __init__(self, size: int = 224, seed: int = 0) -> None:
        self.size, self.seed = size, seed

    def scene(self, split: str, index: int) -> SimpleNamespace:
        rng = np.random.RandomState([self.seed, ("train", "val", "test").index(split), index])
        k = int(rng.randint(len(self.classes)))
        image = np.full((self.size, self.size, 3), 255, np.uint8)
        mask = np.zeros((self.size, self.size), np.uint16)
        x0, y0 = (int(v) for v in rng.randint(0, self.size - 96, size=2))
        image[y0:y0 + 96, x0:x0 + 96] = COLOURS[self.classes[k]]
        mask[y0:y0 + 96, x0:x0 + 96] = k + 1
        name = self.classes[k]
        return SimpleNamespace(image=image, mask=mask, boxes=[(k + 1, x0, y0, x0 + 96, y0 + 96)],
                               classes=[k + 1], captions=[f"a {name}", f"a photo of a {name}"])


@pytest.fixture(scope="session")
def tokenizer() -> Llama2Tokenizer:
    return Llama2Tokenizer()


@pytest.fixture(scope="session")
def vocab() -> Vocabulary:
    return Vocabulary.load()


@pytest.fixture()
def micro():
    return PRESETS["micro"]


@pytest.fixture(scope="session")
def fake_scenes() -> FakeScenes:
    return FakeScenes()

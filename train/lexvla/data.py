"""Training and validation data from EmojiScenes (data/emojiscenes, PYTHONPATH=data).

Scenes are generated at 224 x 224. A model whose input is 224 px gets them rescaled and normalised;
a smaller input (the tiny presets use 112 px) gets them through the reference preprocessing
first (lexvla.preprocess.resize_crop: the same resize the app and the CLI run on a 224 px image),
so training sees exactly what the explorer will feed the model.
Sample g of a run (g = step * batch + b) is a pure function of (seed, g): the scene order is a
seeded permutation per pass over the scenes and the caption is drawn from a seeded generator,
so a run is reproducible whatever the number of DataLoader workers."""
from __future__ import annotations

from functools import lru_cache
from typing import Dict, List, Optional, Tuple

import numpy as np
import torch
from torch import Tensor
from torch.utils.data import DataLoader, Dataset

from .config import ModelConfig
from .manifest import preprocess_spec
from .preprocess import resize_crop
from .tokenizer import Llama2Tokenizer

# ImageNet statistics (DINOv2's), written into the bundle manifest's preprocess.mean/std.
MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)


def normalize_image(image: np.ndarray) -> Tensor:
    """uint8 [H, W, 3] -> float32 [3, H, W], rescaled by 1/255 and normalised."""
    x = torch.from_numpy(np.ascontiguousarray(image)).permute(2, 0, 1).to(torch.float32) / 255.0
    mean = torch.tensor(MEAN, dtype=torch.float32)[:, None, None]
    std = torch.tensor(STD, dtype=torch.float32)[:, None, None]
    return (x - mean) / std


@lru_cache(maxsize=None)
def input_spec(image_size: int) -> Dict:
    """The preprocess spec the exported bundle's manifest will carry for this input size."""
    return preprocess_spec(image_size, ModelConfig.patch_size, MEAN, STD)


def model_pixels(image: np.ndarray, image_size: int) -> Tensor:
    """A scene image uint8 [H, W, 3] -> the model input float32 [3, S, S], S = image_size."""
    if image.shape[0] != image_size or image.shape[1] != image_size:
        image = resize_crop(image, input_spec(image_size))
    return normalize_image(image)


def make_scenes(seed: int = 0):
    from emojiscenes import EmojiScenes  # imported lazily: data/ is on PYTHONPATH, not a package dep

    return EmojiScenes(size=224, seed=seed)


class TrainPairs(Dataset):
    """Item g -> (pixels float [3, S, S], input_ids int64 [L], attention_mask int64 [L])."""

    def __init__(self, total: int, num_scenes: int, max_length: int, seed: int = 0,
                 scenes=None, tokenizer: Optional[Llama2Tokenizer] = None, image_size: int = 224) -> None:
        self.total, self.num_scenes, self.max_length, self.seed = total, num_scenes, max_length, seed
        self.image_size = image_size
        self._scenes = scenes
        self._tokenizer = tokenizer
        self._perm_epoch = -1
        self._perm: np.ndarray = np.arange(0)

    def __len__(self) -> int:
        return self.total

    def _lazy(self):
        # Built inside each worker: the generator and tokenizer need not be pickled.
        if self._scenes is None:
            self._scenes = make_scenes(0)
        if self._tokenizer is None:
            self._tokenizer = Llama2Tokenizer()
        return self._scenes, self._tokenizer

    def scene_index(self, g: int) -> int:
        epoch, offset = divmod(g, self.num_scenes)
        if epoch != self._perm_epoch:
            self._perm = np.random.RandomState([self.seed, epoch]).permutation(self.num_scenes)
            self._perm_epoch = epoch
        return int(self._perm[offset])

    def __getitem__(self, g: int) -> Tuple[Tensor, Tensor, Tensor]:
        scenes, tokenizer = self._lazy()
        scene = scenes.scene("train", self.scene_index(g))
        rng = np.random.RandomState([self.seed, 7919, g % (2**31)])
        caption = scene.captions[rng.randint(len(scene.captions))]
        ids, mask = tokenizer.encode_padded(caption, self.max_length)
        return model_pixels(scene.image, self.image_size), torch.tensor(ids), torch.tensor(mask)


def train_loader(total: int, num_scenes: int, max_length: int, batch: int, seed: int,
                 workers: int, scenes=None, image_size: int = 224) -> DataLoader:
    """Sequential over g: order comes from TrainPairs' permutation, so no sampler RNG."""
    dataset = TrainPairs(total, num_scenes, max_length, seed, scenes=scenes, image_size=image_size)
    extra: Dict = {}
    if workers > 0:
        extra = {"persistent_workers": True, "prefetch_factor": 4}
    return DataLoader(dataset, batch_size=batch, shuffle=False, num_workers=workers,
                      drop_last=True, pin_memory=torch.cuda.is_available(), **extra)


def validation_set(count: int, max_length: int, split: str = "val", scenes=None,
                   tokenizer: Optional[Llama2Tokenizer] = None, image_size: int = 224) -> Dict[str, Tensor]:
    """The first `count` scenes of `split`, each with its first caption (a fixed, small set)."""
    scenes = scenes if scenes is not None else make_scenes(0)
    tokenizer = tokenizer or Llama2Tokenizer()
    pixels: List[Tensor] = []
    ids: List[List[int]] = []
    masks: List[List[int]] = []
    for i in range(count):
        scene = scenes.scene(split, i)
        pixels.append(model_pixels(scene.image, image_size))
        i_ids, i_mask = tokenizer.encode_padded(scene.captions[0], max_length)
        ids.append(i_ids)
        masks.append(i_mask)
    return {"pixels": torch.stack(pixels), "input_ids": torch.tensor(ids), "attention_mask": torch.tensor(masks)}

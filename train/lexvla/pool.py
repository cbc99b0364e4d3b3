"""A pool of pre-generated training scenes: every image at the model's input size, every caption.

Generating an EmojiScenes scene and taking it through the reference preprocessing costs ~5 ms of
CPU; a tiny-model training step costs ~10-15 ms per image on one core, so generating on the fly
would spend a third of a 2-core machine on data, every epoch again. The pool generates the first `count` 'train' scenes once
(in parallel processes), keeps them in memory and caches them under .cache/scene-pool/ (keyed by
seed, count, input size and caption length), and training draws batches from it. The pool is a
pure function of its key, so a run is reproducible with or without the cache.

Augmentation (training only): a horizontal flip of the image with "left" and "right" swapped in
its captions, one coin per sample, drawn from (seed, step)."""
from __future__ import annotations

import multiprocessing as mp
import os
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Tuple

import numpy as np
import torch
from torch import Tensor

from .data import MEAN, STD, input_spec, make_scenes
from .preprocess import resize_crop
from .tokenizer import Llama2Tokenizer
from .vocab import REPO_ROOT

CACHE_DIR = Path(os.environ.get("LEXVLA_POOL_CACHE", REPO_ROOT / ".cache" / "scene-pool"))
CAPTIONS = 5  # EmojiScenes writes 5 captions per scene


@dataclass
class ScenePool:
    images: np.ndarray  # uint8 [N, S, S, 3], the model's input pixels before rescale/normalise
    input_ids: np.ndarray  # int64 [N, 5, L]: every caption of the scene, padded
    attention_mask: np.ndarray  # int64 [N, 5, L]

    def __len__(self) -> int:
        return self.images.shape[0]


def _make_chunk(args: Tuple[int, int, int, int, int], scenes=None) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    seed, start, stop, image_size, max_length = args
    scenes, tokenizer = scenes if scenes is not None else make_scenes(seed), Llama2Tokenizer()
    spec = input_spec(image_size)
    n = stop - start
    images = np.zeros((n, image_size, image_size, 3), dtype=np.uint8)
    ids = np.zeros((n, CAPTIONS, max_length), dtype=np.int64)
    mask = np.zeros((n, CAPTIONS, max_length), dtype=np.int64)
    for k in range(n):
        scene = scenes.scene("train", start + k)
        image = scene.image
        images[k] = image if image.shape[0] == image_size else resize_crop(image, spec)
        for c, caption in enumerate(scene.captions[:CAPTIONS]):
            i, m = tokenizer.encode_padded(caption, max_length)
            ids[k, c], mask[k, c] = i, m
    return images, ids, mask


def build_pool(count: int, image_size: int, max_length: int, seed: int = 0, processes: int = 2,
               cache: Optional[Path] = CACHE_DIR, log=print, scenes=None) -> ScenePool:
    """The first `count` 'train' scenes of EmojiScenes(seed), loaded from the cache when present.
    `scenes`: another scene source with EmojiScenes' API (tests); never cached."""
    if scenes is not None:
        cache, processes = None, 1
    path = None if cache is None else Path(cache) / f"seed{seed}-n{count}-s{image_size}-L{max_length}.npz"
    if path is not None and path.exists():
        data = np.load(path)
        return ScenePool(data["images"], data["input_ids"], data["attention_mask"])
    step = 500
    chunks = [(seed, a, min(a + step, count), image_size, max_length) for a in range(0, count, step)]
    if processes > 1:
        with mp.get_context("spawn").Pool(processes) as workers:
            parts = workers.map(_make_chunk, chunks)
    else:
        parts = [_make_chunk(c, scenes) for c in chunks]
    pool = ScenePool(*(np.concatenate([p[i] for p in parts]) for i in range(3)))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, images=pool.images, input_ids=pool.input_ids, attention_mask=pool.attention_mask)
        tmp.replace(path)
        if log:
            log(f'{{"pool": "{path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path}", "scenes": {count}}}')
    return pool


class PoolBatches:
    """Batch `step` of a run -> (pixels float [B, 3, S, S], input_ids int64 [B, 5, L],
    attention_mask int64 [B, 5, L]); a pure function of (seed, step): resuming at step k gives
    the batches an uninterrupted run would have seen."""

    def __init__(self, pool: ScenePool, batch: int, seed: int, tokenizer: Llama2Tokenizer, flip: bool = True) -> None:
        self.pool, self.batch, self.seed, self.flip = pool, batch, seed, flip
        self._perm_epoch, self._perm = -1, np.arange(0)
        self.mean = torch.tensor(MEAN, dtype=torch.float32)[None, :, None, None]
        self.std = torch.tensor(STD, dtype=torch.float32)[None, :, None, None]
        left, right = tokenizer.encode("left", add_bos=False), tokenizer.encode("right", add_bos=False)
        # Only single-token words can be swapped id for id; both are single tokens in Llama-2's vocabulary.
        self.swap = (left[0], right[0]) if len(left) == 1 and len(right) == 1 else None

    def _indices(self, step: int) -> np.ndarray:
        n = len(self.pool)
        out = np.empty(self.batch, dtype=np.int64)
        for b in range(self.batch):
            epoch, offset = divmod(step * self.batch + b, n)
            if epoch != self._perm_epoch:
                self._perm = np.random.RandomState([self.seed, epoch]).permutation(n)
                self._perm_epoch = epoch
            out[b] = self._perm[offset]
        return out

    def __call__(self, step: int) -> Tuple[Tensor, Tensor, Tensor]:
        index = self._indices(step)
        images = torch.from_numpy(self.pool.images[index])  # [B, S, S, 3] uint8
        ids = torch.from_numpy(self.pool.input_ids[index].copy())
        mask = torch.from_numpy(self.pool.attention_mask[index])
        if self.flip:
            flips = torch.from_numpy(np.random.RandomState([self.seed, 104729, step]).rand(self.batch) < 0.5)
            images = torch.where(flips[:, None, None, None], images.flip(2), images)
            if self.swap is not None:
                left, right = self.swap
                swapped = torch.where(ids == left, right, torch.where(ids == right, left, ids))
                ids = torch.where(flips[:, None, None], swapped, ids)
        pixels = images.permute(0, 3, 1, 2).to(torch.float32) / 255.0
        return (pixels - self.mean) / self.std, ids, mask


def caption_vocabulary(pool: ScenePool, remap: Tensor, size: int) -> Tuple[np.ndarray, np.ndarray]:
    """-> (df float64 [V]: how many scenes' captions contain each vocabulary word, scenes N)."""
    index = remap[torch.from_numpy(pool.input_ids)].numpy()  # [N, 5, L] in 0..V
    index = np.where(pool.attention_mask > 0, index, size)
    df = np.zeros(size + 1, dtype=np.float64)
    for row in index.reshape(index.shape[0], -1):
        df[np.unique(row)] += 1
    return df[:size], np.float64(len(pool))


# Function words: weight 0 in the text read-out, never trained on the image side. A caption's
# "the" or "of" says nothing about any pixel; with weight 1 the image side learned to fire them
# on every image (the first defaults: "of"/"the" active on ~90% of images).
STOPWORDS: List[str] = ["a", "an", "the", "of", "in", "on", "at", "to", "and", "with", "is", "are",
                        "it", "its", "this", "that", "some", "for", "by", "from", "there", "as", "be"]
IDF_FULL = 50.0  # a word in at most 1/50 of the scenes weighs 1 (every class name is rarer than that)


def word_weights(df: np.ndarray, scenes: float, words: List[str]) -> np.ndarray:
    """float32 [V]: min(1, log(N / df) / log(IDF_FULL)) for words in the captions, 0 for the rest,
    for STOPWORDS and for one-character pieces. An IDF weight: "background" (in most captions) weighs ~0.1, a colour ~0.6."""
    with np.errstate(divide="ignore"):
        idf = np.where(df > 0, np.log(scenes / np.maximum(df, 1.0)), 0.0)
    weight = np.clip(idf / np.log(IDF_FULL), 0.0, 1.0)
    stop = set(STOPWORDS)
    for i, w in enumerate(words):
        # One-character pieces ("p" of pizza, pear and pink) name nothing on their own.
        if w.lower() in stop or len(w) < 2:
            weight[i] = 0.0
    return weight.astype(np.float32)

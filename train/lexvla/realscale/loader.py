"""Shards -> training batches: per-rank and per-worker streams, shuffle buffer, preprocessing
identical to the browser's (lexvla.preprocess), prompt token ids, and resumable positions.

Every batch carries the read heads of the stream that made it (a DataLoader batch comes from one
worker); the trainer keeps the latest head per stream and saves them in its checkpoint."""
from __future__ import annotations

from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

import numpy as np
import torch
from torch import Tensor
from torch.utils.data import DataLoader, IterableDataset, get_worker_info

from ..data import MEAN, STD
from ..manifest import preprocess_spec
from ..preprocess import preprocess_image
from .prompt import PromptTokenizer, pad_batch, prompt_ids
from .shards import ShardStream, StreamState, shuffle_buffer

Batch = Tuple[Tensor, Tensor, Tensor, Dict[int, Dict[str, int]]]  # pixels, ids, mask, heads


def image_spec(image_size: int = 224, patch_size: int = 14) -> Dict[str, Any]:
    """The manifest's preprocess spec: training sees exactly what the explorer feeds the model."""
    return preprocess_spec(image_size, patch_size, MEAN, STD)


class ShardPairs(IterableDataset):
    """Items (pixels float32 [3, H, W], prompt ids list[int], stream id, head dict)."""

    def __init__(self, shards: Sequence, tokenizer: PromptTokenizer, max_caption_tokens: int,
                 rank: int, world: int, seed: int, buffer: int, image_size: int = 224,
                 resume: Optional[Dict[str, Any]] = None) -> None:
        self.shards, self.tokenizer, self.max_caption_tokens = list(shards), tokenizer, max_caption_tokens
        self.rank, self.world, self.seed, self.buffer = rank, world, seed, buffer
        self.spec = image_spec(image_size)
        self.resume = resume or {}

    def streams(self) -> Tuple[int, int]:
        """(this reader's stream id, total streams) = (rank * workers + worker, world * workers)."""
        info = get_worker_info()
        wid, workers = (info.id, info.num_workers) if info is not None else (0, 1)
        return self.rank * workers + wid, self.world * workers

    def __iter__(self) -> Iterator[Tuple[Tensor, List[int], int, Dict[str, int]]]:
        stream, streams = self.streams()
        saved = self.resume.get("streams")
        state = None
        if saved is not None:
            if self.resume.get("num_streams") != streams:
                raise ValueError(f"checkpoint data.num_streams is {self.resume.get('num_streams')}, but this run "
                                 f"has {streams} streams (ranks x workers); resume with the same world size and --workers")
            if str(stream) in saved:
                state = StreamState(**saved[str(stream)])
        reader = ShardStream(self.shards, stream, streams, self.seed, state)
        start = reader.state
        rng = np.random.RandomState([self.seed, stream, start.epoch, start.cursor, start.offset])
        for sample, head in shuffle_buffer(reader, self.buffer, rng):
            try:
                pixels, _ = preprocess_image(sample["jpg"], self.spec)
            except Exception as err:  # a corrupt image must not end a week-long run
                print(f"shard sample {sample['__key__'].decode()}: image not decodable ({err}); skipped")
                continue
            caption = sample["txt"].decode("utf-8", errors="replace")
            ids = prompt_ids(caption, self.tokenizer, self.max_caption_tokens)
            yield torch.from_numpy(pixels[0]), ids, stream, head.to_json()


def collate(items: List[Tuple[Tensor, List[int], int, Dict[str, int]]]) -> Batch:
    pixels = torch.stack([it[0] for it in items])
    ids, mask = pad_batch([it[1] for it in items])
    heads: Dict[int, Dict[str, int]] = {}
    for _, _, stream, head in items:  # items come in emission order: the last head wins
        heads[stream] = head
    return pixels, ids, mask, heads


def make_loader(dataset: ShardPairs, batch: int, workers: int) -> DataLoader:
    extra: Dict[str, Any] = {"persistent_workers": True, "prefetch_factor": 4} if workers > 0 else {}
    return DataLoader(dataset, batch_size=batch, num_workers=workers, collate_fn=collate,
                      pin_memory=torch.cuda.is_available(), **extra)


class HeadTracker:
    """Latest read head per stream of this rank; `state()` is what the checkpoint stores."""

    def __init__(self, num_streams: int, resume: Optional[Dict[str, Any]] = None) -> None:
        self.num_streams = num_streams
        self.heads: Dict[str, Dict[str, int]] = dict((resume or {}).get("streams", {}))

    def update(self, heads: Dict[int, Dict[str, int]]) -> None:
        for stream, head in heads.items():
            self.heads[str(stream)] = head

    def state(self) -> Dict[str, Any]:
        return {"num_streams": self.num_streams, "streams": dict(self.heads)}

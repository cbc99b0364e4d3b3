"""Shards (img2dataset layout), the per-stream split, the shuffle buffer and resumption."""
from __future__ import annotations

import itertools
import tarfile

import numpy as np
import pytest
import torch

from lexvla.realscale.loader import HeadTracker, ShardPairs, make_loader
from lexvla.realscale.prompt import PromptTokenizer
from lexvla.realscale.shards import ShardStream, StreamState, list_shards, read_tar, shuffle_buffer
from lexvla.realscale.synthetic import emoji_shards


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    return emoji_shards(tmp_path_factory.mktemp("shards"), count=24, per_shard=6)


def index_of(sample) -> int:
    return int(sample["txt"].decode().split(":")[0])


def test_layout_matches_img2dataset(shards):
    assert [p.name for p in shards] == ["00000.tar", "00001.tar", "00002.tar", "00003.tar"]
    with tarfile.open(shards[1]) as tar:
        names = tar.getnames()
    # img2dataset writes with webdataset's TarWriter: one key's members adjacent, extensions sorted
    assert names[:3] == ["000010000.jpg", "000010000.json", "000010000.txt"]
    assert list_shards(str(shards[0].parent)) == shards


def test_read_tar_in_order_and_skip(shards):
    got = [index_of(s) for s in read_tar(shards[2])]
    assert got == list(range(12, 18))
    skipped = list(read_tar(shards[2], skip=4))
    assert [index_of(s) for s in skipped] == [16, 17]
    assert skipped[0]["jpg"][:2] == b"\xff\xd8"  # JPEG bytes are read after the skip


def test_streams_split_shards_disjointly_per_epoch(shards):
    a, b = ShardStream(shards, 0, 2, seed=3), ShardStream(shards, 1, 2, seed=3)
    for epoch in (0, 1):
        mine = a.epoch_shards(epoch) + b.epoch_shards(epoch)
        assert sorted(mine) == sorted(shards)
    assert a.epoch_shards(0) != a.epoch_shards(1) or b.epoch_shards(0) != b.epoch_shards(1)
    with pytest.raises(ValueError, match="5 reader streams"):
        ShardStream(shards, 0, 5, seed=0)


def take(stream_iter, n):
    out = []
    for item in stream_iter:
        out.append(item)
        if len(out) == n:
            break
    return out


def epoch0(stream):
    return itertools.takewhile(lambda item: item[1].epoch == 0, stream)


def test_resume_from_read_head_skips_only_the_buffer(shards):
    """Epoch 0 of stream 0 (12 samples): stop after 5, resume from the saved head. No sample
    repeats, and the only ones lost are those still in the buffer (<= buffer size)."""
    buffer = 3
    first = take(shuffle_buffer(epoch0(ShardStream(shards, 0, 2, seed=1)), buffer, np.random.RandomState(0)), 5)
    head = first[-1][1]
    assert (head.cursor, head.offset) > (0, 5)  # the head ran ahead of the emitted samples
    resumed = ShardStream(shards, 0, 2, seed=1, state=StreamState(**head.to_json()))
    rest = list(shuffle_buffer(epoch0(resumed), buffer, np.random.RandomState(1)))
    seen = [index_of(s) for s, _ in first + rest]
    assert len(seen) == len(set(seen)), f"repeated samples: {seen}"
    expected = {index_of(s) for p in ShardStream(shards, 0, 2, seed=1).epoch_shards(0) for s in read_tar(p)}
    assert len(expected) == 12 and set(seen) <= expected
    assert 1 <= len(expected - set(seen)) <= buffer - 1  # buffer held buffer - 1 items after each emit


def test_loader_batches_heads_and_resume(shards):
    tok = PromptTokenizer.from_repo()
    data = ShardPairs(shards, tok, max_caption_tokens=16, rank=0, world=1, seed=0, buffer=4, image_size=56)
    loader = make_loader(data, batch=4, workers=2)
    tracker = HeadTracker(num_streams=2)
    batches = []
    for i, (pixels, ids, mask, heads) in enumerate(loader):
        assert pixels.shape == (4, 3, 56, 56) and pixels.dtype == torch.float32
        assert ids.shape == mask.shape and int(mask.sum(1).min()) > 10
        assert (ids[:, 0] == tok.bos_id).all()
        assert len(heads) == 1  # one worker made the whole batch
        tracker.update(heads)
        batches.append(ids)
        if i == 3:
            break
    state = tracker.state()
    assert state["num_streams"] == 2 and set(state["streams"]) == {"0", "1"}
    resumed = ShardPairs(shards, tok, 16, rank=0, world=1, seed=0, buffer=4, image_size=56, resume=state)
    pixels, ids, mask, heads = next(iter(make_loader(resumed, batch=4, workers=2)))
    assert pixels.shape[0] == 4
    for stream, head in heads.items():
        before = state["streams"][str(stream)]
        assert (head["epoch"], head["cursor"], head["offset"]) > (before["epoch"], before["cursor"], before["offset"])
    wrong = ShardPairs(shards, tok, 16, rank=0, world=1, seed=0, buffer=4, image_size=56, resume=state)
    with pytest.raises(ValueError, match="data.num_streams is 2, but this run has 1 streams"):
        next(iter(make_loader(wrong, batch=4, workers=0)))

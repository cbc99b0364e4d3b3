"""Image-text shards in img2dataset's WebDataset layout, read and written with `webdataset`.

A shard NNNNN.tar holds, per sample, KEY.jpg + KEY.txt (+ KEY.json), members of one key adjacent
(img2dataset writes them so, with webdataset's TarWriter). webdataset walks the tar and groups
members into samples (`read_tar`) and writes fixture shards (`write_shards`); what it does not
provide, and this module keeps, is the exact-resume stream on top: a stream reads its share of
the shards in a seeded order, epoch after epoch (`ShardStream`), and its position (`StreamState`:
epoch, cursor = shard slot, offset = samples read in that shard) is all that a checkpoint needs
to resume it, also through the shuffle buffer (`shuffle_buffer`)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

import numpy as np
from webdataset import TarWriter
from webdataset.tariterators import group_by_keys, tar_file_expander

Sample = Dict[str, bytes]  # extension ("jpg", "txt", "json") -> file bytes; "__key__" -> key


@dataclass
class StreamState:
    epoch: int = 0
    cursor: int = 0  # index into this stream's shard list for `epoch`
    offset: int = 0  # samples already read from that shard

    def to_json(self) -> Dict[str, int]:
        return asdict(self)


def list_shards(source: str) -> List[Path]:
    """A folder (its *.tar, sorted) or a comma-separated list of .tar files."""
    path = Path(source)
    if path.is_dir():
        shards = sorted(path.glob("*.tar"))
        if not shards:
            raise FileNotFoundError(f"{path}: no *.tar shards, expected img2dataset output (00000.tar, ...)")
        return shards
    shards = [Path(p) for p in source.split(",") if p]
    for p in shards:
        if not p.is_file():
            raise FileNotFoundError(f"shard {p}: not a file, expected a .tar from img2dataset")
    return shards


def read_tar(path: Path, skip: int = 0) -> Iterator[Sample]:
    """Samples of one shard in file order, the first `skip` passed over. Samples without both an
    image and a caption are dropped (img2dataset failures) and do not count towards `skip`.
    webdataset reads the members in tar streaming mode and groups adjacent ones by key."""
    seen = 0
    with open(path, "rb") as stream:
        files = tar_file_expander([{"url": str(path), "stream": stream}])
        for sample in group_by_keys(files, lcase=False):
            if not _complete(sample):
                continue
            seen += 1
            if seen > skip:
                out: Sample = {"__key__": sample["__key__"].encode()}
                out.update((k, v) for k, v in sample.items() if not k.startswith("__"))
                yield out


def _complete(sample: Sample) -> bool:
    return "jpg" in sample and "txt" in sample


class ShardStream:
    """One reader's share: shard i of the epoch's seeded permutation goes to stream i % streams."""

    def __init__(self, shards: Sequence[Path], stream: int, streams: int, seed: int,
                 state: Optional[StreamState] = None) -> None:
        if len(shards) < streams:
            raise ValueError(f"{len(shards)} shards for {streams} reader streams (ranks x workers); "
                             "expected at least one shard per stream: use fewer --workers or more shards")
        self.shards, self.stream, self.streams, self.seed = list(shards), stream, streams, seed
        self.state = state or StreamState()

    def epoch_shards(self, epoch: int) -> List[Path]:
        order = np.random.RandomState([self.seed, epoch]).permutation(len(self.shards))
        return [self.shards[i] for i in order[self.stream::self.streams]]

    def __iter__(self) -> Iterator[Tuple[Sample, StreamState]]:
        """Forever: (sample, state after it). Resuming from that state continues with the next."""
        s = self.state
        while True:
            mine = self.epoch_shards(s.epoch)
            while s.cursor < len(mine):
                for sample in read_tar(mine[s.cursor], skip=s.offset):
                    s = StreamState(s.epoch, s.cursor, s.offset + 1)
                    self.state = s
                    yield sample, s
                s = StreamState(s.epoch, s.cursor + 1, 0)
                self.state = s
            s = StreamState(s.epoch + 1, 0, 0)
            self.state = s


def shuffle_buffer(items: Iterable[Tuple[Any, StreamState]], size: int,
                   rng: np.random.RandomState) -> Iterator[Tuple[Any, StreamState]]:
    """Yields (item, read head). The head is the stream's position when the item is emitted:
    resuming there skips the items still in the buffer (at most `size`) and repeats none."""
    buf: List[Any] = []
    head = StreamState()
    for item, head in items:
        buf.append(item)
        if len(buf) >= size:
            i = rng.randint(len(buf))
            buf[i], buf[-1] = buf[-1], buf[i]
            yield buf.pop(), head
    while buf:  # only reached by finite inputs (tests)
        yield buf.pop(rng.randint(len(buf))), head


def write_shards(out: Path, samples: Iterable[Tuple[bytes, str]], per_shard: int) -> List[Path]:
    """Write (jpeg bytes, caption) pairs as img2dataset does (with webdataset's TarWriter):
    NNNNN.tar with KEY.jpg/.json/.txt, KEY = shard number (5 digits) + index in shard (4 digits)."""
    out.mkdir(parents=True, exist_ok=True)
    paths: List[Path] = []
    tar: Optional[TarWriter] = None
    for n, (jpeg, caption) in enumerate(samples):
        shard, index = divmod(n, per_shard)
        if index == 0:
            if tar is not None:
                tar.close()
            paths.append(out / f"{shard:05d}.tar")
            tar = TarWriter(str(paths[-1]), encoder=False, mtime=0)  # mtime 0: reproducible shards
        key = f"{shard:05d}{index:04d}"
        meta = json.dumps({"key": key, "caption": caption, "status": "success"}).encode()
        tar.write({"__key__": key, "jpg": jpeg, "txt": caption.encode(), "json": meta})
    if tar is not None:
        tar.close()
    return paths

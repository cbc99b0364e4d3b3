"""Write an EmojiScenes evaluation-set folder.

Usage: PYTHONPATH=data .venv/bin/python -m emojiscenes.write_evalset --split test --count 200 \
         --seed 0 --out DIR [--size 224]
"""
from __future__ import annotations

import argparse
import sys

from .evalset import write_evalset
from .generator import SPLITS, EmojiScenes


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--split", default="test", choices=SPLITS)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--out", required=True)
    args = p.parse_args(argv)
    if args.count < 1:
        p.error(f"--count is {args.count}, expected >= 1")
    ds = EmojiScenes(size=args.size, seed=args.seed)
    name = f"emojiscenes-{args.split}-seed{args.seed}-{args.count}x{args.size}px"
    scenes = (ds.scene(args.split, i) for i in range(args.count))
    write_evalset(scenes, ds.classes, args.out, name=name)
    print(f"wrote {args.out}: {name}, {len(ds.classes)} classes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

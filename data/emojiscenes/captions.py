"""Captions for a scene: varied templates, spatial relations, counts and background words.

Deliberately imperfect, like real captions: some mention only the largest object, some use a
CLDR tag instead of the class name ("puppy" for dog), some describe the background partially.
Every caption names at least one visible object (by class name or tag)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .backgrounds import Background
from .nouns import COUNT_WORDS, UNCOUNTED, counted, one, plural
from .synonyms import caption_synonyms

CAPTIONS_PER_SCENE = 5
SYNONYM_RATE = 0.2
_PREFIXES = ("", "", "", "a picture of ", "an image of ", "a drawing of ", "clip art of ",
             "emoji of ", "a cartoon of ")


@dataclass(frozen=True)
class Group:
    cls: int  # 1-based
    count: int
    area: int  # visible box area summed over instances, pixels
    cx: float  # mean box centre, pixels
    cy: float
    order: int  # drawing position of the last instance: larger = more in front


def _groups(boxes: list[tuple[int, int, int, int, int]]) -> list[Group]:
    acc: dict[int, list] = {}
    for n, (c, x0, y0, x1, y1) in enumerate(boxes):
        g = acc.setdefault(c, [0, 0, 0.0, 0.0, 0])
        g[0] += 1
        g[1] += (x1 - x0) * (y1 - y0)
        g[2] += (x0 + x1) / 2
        g[3] += (y0 + y1) / 2
        g[4] = n
    return [Group(c, k, a, sx / k, sy / k, o) for c, (k, a, sx, sy, o) in acc.items()]


class _Writer:
    def __init__(self, rng: np.random.Generator, groups: list[Group], background: Background,
                 classes: list[str], tags: list[list[str]], size: int) -> None:
        self.rng, self.groups, self.bg, self.size = rng, groups, background, size
        self.classes, self.tags = classes, tags

    def pick(self, options):
        return options[int(self.rng.integers(len(options)))]

    def noun(self, g: Group) -> str:
        name = self.classes[g.cls - 1]
        alts = caption_synonyms(name, self.tags[g.cls - 1])
        if alts and self.rng.random() < SYNONYM_RATE:
            return self.pick(alts)
        return name

    def phrase(self, g: Group) -> str:
        return counted(self.rng, self.noun(g), g.count)

    def background(self) -> str:
        """Background words; two-colour patterns are often described by one colour or none."""
        kind, cols = self.bg.kind, self.bg.colours
        partial = self.rng.random() < 0.4
        if kind == "flat":
            return self.pick([f"a {cols[0]} background", f"a plain {cols[0]} background"])
        if kind == "noise":
            return self.pick([f"a mottled {cols[0]} background", f"a textured {cols[0]} background",
                              f"a grainy {cols[0]} background"])
        if kind == "gradient":
            return f"a {cols[0]} background" if partial else f"a {cols[0]} and {cols[1]} gradient"
        pattern = {"stripes": "striped", "checks": "checkered", "dots": "polka dot"}[kind]
        if kind == "dots" and not partial:
            return f"a {cols[0]} background with {cols[1]} dots"
        if partial:
            return self.pick([f"a {pattern} background", f"a {cols[0]} {pattern} background"])
        return f"a {cols[0]} and {cols[1]} {pattern} background"

    def on_background(self) -> str:
        return f"{self.pick(['on', 'on', 'against', 'in front of'])} {self.background()}"

    def listing(self, groups: list[Group]) -> str:
        parts = [self.phrase(g) for g in groups]
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]

    def relation(self, a: Group, b: Group) -> str:
        dx, dy = a.cx - b.cx, a.cy - b.cy
        near = (dx * dx + dy * dy) ** 0.5 < 0.3 * self.size
        if near and self.rng.random() < 0.5:
            return self.pick(["next to", "beside", "near"]) if a.order < b.order or self.rng.random() < 0.5 \
                else "in front of"
        if abs(dx) > abs(dy):
            return "to the left of" if dx < 0 else "to the right of"
        return "above" if dy < 0 else "below"

    def where(self, g: Group) -> str:
        third = self.size / 3
        col = "left" if g.cx < third else "right" if g.cx > 2 * third else ""
        row = "top" if g.cy < third else "bottom" if g.cy > 2 * third else ""
        if row and col:
            return f"in the {row} {col} corner"
        if row or col:
            return f"at the {row or col}"
        return "in the middle"


def make_captions(rng: np.random.Generator, boxes: list[tuple[int, int, int, int, int]],
                  background: Background, classes: list[str], tags: list[list[str]],
                  size: int) -> list[str]:
    groups = _groups(boxes)
    if not groups:
        # Every layout has at least one emoji near the centre; an empty scene is a bug upstream.
        raise ValueError("make_captions: scene has no visible objects, expected at least one box")
    w = _Writer(rng, groups, background, classes, tags, size)
    by_area = sorted(groups, key=lambda g: -g.area)
    templates = [_all_objects, _largest_only, _relation, _position, _background_first, _counting]
    out: list[str] = []
    for attempt in range(4 * CAPTIONS_PER_SCENE):
        if len(out) == CAPTIONS_PER_SCENE:
            break
        template = templates[int(rng.integers(len(templates)))]
        text = template(w, by_area)
        # "a picture of ..." only fits a noun phrase, not "there are ..." or a background-first one.
        if not text.startswith(("there ", "a single ")) and template is not _background_first:
            text = w.pick(_PREFIXES) + text
        if text not in out:
            out.append(text)
    return out


def _all_objects(w: _Writer, groups: list[Group]) -> str:
    order = list(groups)
    w.rng.shuffle(order)
    text = w.listing(order)
    return f"{text} {w.on_background()}" if w.rng.random() < 0.6 else text


def _largest_only(w: _Writer, groups: list[Group]) -> str:
    g = groups[0]
    noun = w.noun(g)
    adj = w.pick(["", "", "a big ", "a large "]) if g.count == 1 and noun not in UNCOUNTED else ""
    core = f"{adj}{noun}" if adj else counted(w.rng, noun, g.count)
    return f"{core} {w.on_background()}" if w.rng.random() < 0.3 else core


def _relation(w: _Writer, groups: list[Group]) -> str:
    if len(groups) < 2:
        return _largest_only(w, groups)
    i, j = w.rng.choice(len(groups), size=2, replace=False)
    a, b = groups[int(i)], groups[int(j)]
    return f"{w.phrase(a)} {w.relation(a, b)} {w.phrase(b)}"


def _position(w: _Writer, groups: list[Group]) -> str:
    g = groups[int(w.rng.integers(len(groups)))]
    return f"{w.phrase(g)} {w.where(g)}"


def _background_first(w: _Writer, groups: list[Group]) -> str:
    shown = groups[: int(w.rng.integers(1, len(groups) + 1))]
    return f"{w.background()} with {w.listing(shown)}"


def _counting(w: _Writer, groups: list[Group]) -> str:
    total = sum(g.count for g in groups)
    noun = w.noun(groups[0])
    if len(groups) == 1 and noun in UNCOUNTED:
        return f"there is {one(noun)}" if total < 3 else f"lots of {noun}"
    if total == 1:
        return f"a single {noun}"
    word = COUNT_WORDS[total]
    if len(groups) == 1:
        return f"there are {word} {plural(noun)}"
    return f"{word} things: {w.listing(groups)}"

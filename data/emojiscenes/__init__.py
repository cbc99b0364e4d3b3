"""EmojiScenes: synthetic multi-object scenes with exact masks and captions.

Public API (kept stable; train/ imports it with PYTHONPATH=data):
    from emojiscenes import EmojiScenes, Scene, SPLITS
    ds = EmojiScenes(size=224, seed=0)
    ds.classes   # list[str], mask value k -> ds.classes[k-1]
    ds.tags      # list[list[str]], CLDR tags per class
    s = ds.scene("train", 0)   # Scene(image, mask, boxes, classes, captions)
"""
from .scene import Scene
from .generator import EmojiScenes, SPLITS

__all__ = ["EmojiScenes", "Scene", "SPLITS"]

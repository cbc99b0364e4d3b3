"""Writes the app's sample images: held-out EmojiScenes 'test' scenes (the split the default
models never trained on), with a caption as the label and the class mask beside each image.
Usage: PYTHONPATH=data .venv/bin/python scripts/make_samples.py"""
import json
from pathlib import Path

from PIL import Image

from emojiscenes import EmojiScenes

OUT = Path(__file__).resolve().parents[1] / "public" / "samples"
INDICES = [0, 1, 2, 3, 4, 5]  # the first held-out test scenes, as the bundles' eval sets start


def main() -> None:
    scenes = EmojiScenes(seed=0)
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    samples = []
    for i in INDICES:
        scene = scenes.scene("test", i)
        name = f"scene-{i:04d}.png"
        Image.fromarray(scene.image).save(OUT / name, optimize=True)
        Image.fromarray(scene.mask.astype("uint16")).save(OUT / f"scene-{i:04d}.mask.png")
        samples.append({"file": name, "label": scene.captions[0],
                        "classes": [scenes.classes[c - 1] for c in scene.classes],
                        "mask": f"scene-{i:04d}.mask.png"})
    (OUT / "samples.json").write_text(json.dumps(samples, indent=2) + "\n")
    print(f"wrote {len(samples)} samples to {OUT}")


if __name__ == "__main__":
    main()

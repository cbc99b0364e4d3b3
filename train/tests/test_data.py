"""TrainPairs and the validation set over the real EmojiScenes generator."""
import torch

from lexvla.data import MEAN, STD, TrainPairs, make_scenes, normalize_image, validation_set


def test_pairs_from_real_scenes(tokenizer) -> None:
    scenes = make_scenes(0)
    pairs = TrainPairs(10, 5, 32, seed=0, scenes=scenes, tokenizer=tokenizer)
    pixels, ids, mask = pairs[7]
    assert pixels.shape == (3, 224, 224) and pixels.dtype == torch.float32
    scene = scenes.scene("train", pairs.scene_index(7))
    assert torch.equal(pixels, normalize_image(scene.image))
    n = int(mask.sum())
    assert ids[0] == tokenizer.bos_id and ids[:n].tolist() in [tokenizer.encode(c)[:32] for c in scene.captions]


def test_normalisation_and_validation_set(tokenizer) -> None:
    white = torch.full((2, 2, 3), 255, dtype=torch.uint8).numpy()
    assert torch.allclose(normalize_image(white)[:, 0, 0], torch.tensor([(1 - m) / s for m, s in zip(MEAN, STD)]))
    val = validation_set(3, 16, tokenizer=tokenizer)
    assert val["pixels"].shape == (3, 3, 224, 224) and val["input_ids"].shape == (3, 16)

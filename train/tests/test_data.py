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


def test_smaller_model_input_goes_through_the_reference_preprocessing(tokenizer) -> None:
    """A 112 px model gets the 224 px scene resized by lexvla.preprocess, as the app resizes it."""
    from lexvla.data import input_spec, model_pixels
    from lexvla.preprocess import preprocess_array, resize_crop

    scenes = make_scenes(0)
    pairs = TrainPairs(4, 4, 16, seed=0, scenes=scenes, tokenizer=tokenizer, image_size=112)
    pixels, _, _ = pairs[1]
    scene = scenes.scene("train", pairs.scene_index(1))
    assert pixels.shape == (3, 112, 112)
    assert torch.equal(pixels, normalize_image(resize_crop(scene.image, input_spec(112))))
    # The same numbers as the full reference pipeline with the bundle's spec (mean/std included).
    rgba = torch.cat([torch.from_numpy(scene.image), torch.full((224, 224, 1), 255, dtype=torch.uint8)], dim=2)
    reference, _ = preprocess_array(rgba.numpy(), input_spec(112))
    assert torch.allclose(pixels, torch.from_numpy(reference[0]), atol=1e-6)
    assert torch.equal(model_pixels(scene.image, 224), normalize_image(scene.image))
    val = validation_set(2, 16, tokenizer=tokenizer, image_size=112)
    assert val["pixels"].shape == (2, 3, 112, 112)

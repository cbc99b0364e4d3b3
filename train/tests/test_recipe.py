"""The shipped tiny recipe: CNN backbone, scene pool, word weights, parked words, resume."""
import dataclasses
import json

import numpy as np
import pytest
import torch

from lexvla.cnn import TinyCNN
from lexvla.config import PRESETS, ModelConfig, TrainConfig
from lexvla.factory import load_checkpoint
from lexvla.lexical import elu1p
from lexvla.pool import STOPWORDS, PoolBatches, build_pool, caption_vocabulary, word_weights
from lexvla.train import RESUME_FILE, train, with_overrides

MICRO_CNN = ModelConfig(image_size=32, patch_size=8, backbone="cnn", cnn_widths=(8, 16), cnn_blocks=1,
                        width=16, heads=2, codebook_dim=16, text_layers=1, text_heads=2, max_length=16,
                        clip_dim=16, codebook_mean=0.0, grounded_text=True, mapper_bias=-6.0,
                        text_word_weights=True)


def test_cnn_backbone_gives_the_configured_patch_grid() -> None:
    cfg = PRESETS["tiny-cnn"]
    out = TinyCNN(cfg)(torch.zeros(2, 3, cfg.image_size, cfg.image_size))
    assert out.patch_tokens.shape == (2, cfg.grid * cfg.grid, cfg.cnn_widths[-1])
    assert out.cls_token.shape == (2, cfg.cnn_widths[-1])
    with pytest.raises(ValueError, match="patch_size 10 is not stem stride x 2"):
        TinyCNN(dataclasses.replace(cfg, patch_size=10))


def test_a_patch_token_sees_only_its_neighbourhood() -> None:
    """Convolutions are local: a change in one corner leaves the far corner's token unchanged
    (the adapter's attention, when on, is what mixes patches)."""
    torch.manual_seed(0)
    net = TinyCNN(MICRO_CNN).eval()
    x = torch.randn(1, 3, 32, 32)
    y = x.clone()
    y[:, :, :8, :8] += 1.0
    a, b = net(x).patch_tokens[0], net(y).patch_tokens[0]  # [16, 16]
    assert not torch.allclose(a[0], b[0])
    assert torch.allclose(a[-1], b[-1])


def test_one_by_one_kernels_keep_a_patch_token_to_its_own_pixels() -> None:
    """cnn_kernels=(1, 1): the stem and downsampling convolutions do not overlap, so a patch token
    reads its own 8 x 8 pixels only; with the default 3 x 3 kernels its neighbour changes too."""
    torch.manual_seed(0)
    x = torch.randn(1, 3, 32, 32)
    y = x.clone()
    y[:, :, :8, :8] += 1.0
    changed = {}
    for kernels in [(1, 1), None]:
        net = TinyCNN(dataclasses.replace(MICRO_CNN, cnn_kernels=kernels)).eval()
        for block in net.modules():  # zero-gamma blocks start as the identity; give them weight
            if isinstance(block, torch.nn.BatchNorm2d):
                torch.nn.init.ones_(block.weight)
        a, b = net(x).patch_tokens[0], net(y).patch_tokens[0]
        changed[kernels] = [not torch.allclose(a[i], b[i]) for i in range(a.shape[0])]
    assert changed[(1, 1)] == [True] + [False] * 15
    assert changed[None][0] and changed[None][1]  # patch (0, 1) sees patch (0, 0) through 3 x 3 kernels
    with pytest.raises(ValueError, match="one odd size per stage"):
        TinyCNN(dataclasses.replace(MICRO_CNN, cnn_kernels=(3,)))


def test_a_frozen_backbone_stays_in_eval_mode(tmp_path) -> None:
    """--freeze-backbone: no gradients and no BatchNorm statistics updates, whatever model.train() says."""
    from lexvla.factory import build_model
    from lexvla.tokenizer import Llama2Tokenizer
    from lexvla.train import init_backbone
    from lexvla.vocab import Vocabulary

    vocab, tok = Vocabulary.load(), Llama2Tokenizer()
    source = build_model("clip", MICRO_CNN, vocab, tok)
    torch.save(source.state_dict(), tmp_path / "model.pt")
    model = build_model("lexvla", MICRO_CNN, vocab, tok)
    init_backbone(model, tmp_path, freeze=True, log=None)
    model.train()
    backbone = model.vision.backbone
    assert not backbone.training and all(not m.training for m in backbone.modules())
    assert all(not p.requires_grad for p in backbone.parameters())
    before = {k: v.clone() for k, v in backbone.state_dict().items()}
    backbone(torch.randn(2, 3, 32, 32))
    assert all(torch.equal(before[k], v) for k, v in backbone.state_dict().items())
    assert torch.equal(before["stem.0.0.weight"], source.state_dict()[next(k for k in source.state_dict() if k.endswith("backbone.stem.0.0.weight"))])


def test_overrides_are_checked() -> None:
    cfg = with_overrides(PRESETS["tiny-cnn"], ["adapter_attention=false", "cnn_widths=[16,32,64]"])
    assert cfg.adapter_attention is False and cfg.cnn_widths == (16, 32, 64)
    with pytest.raises(SystemExit, match="KEY one of"):
        with_overrides(PRESETS["tiny-cnn"], ["no_such_field=1"])
    with pytest.raises(SystemExit, match="not JSON"):
        with_overrides(PRESETS["tiny-cnn"], ["mapper_bias=low"])


def test_word_weights_drop_function_words_and_favour_rare_words() -> None:
    words = ["the", "background", "blue", "raccoon", "unused"]
    df = np.array([100.0, 90.0, 10.0, 1.0, 0.0])
    w = word_weights(df, 100.0, words)
    assert w[0] == 0.0 and w[4] == 0.0  # a stopword; a word in no caption
    assert 0.0 < w[1] < w[2] < w[3] == 1.0
    assert {"a", "the", "of"} <= set(STOPWORDS)


def test_pool_batches_are_a_function_of_the_step_and_flips_swap_left_and_right(fake_scenes, tokenizer) -> None:
    pool = build_pool(12, 32, 16, scenes=fake_scenes, log=None)
    left, right = tokenizer.encode("left", add_bos=False)[0], tokenizer.encode("right", add_bos=False)[0]
    pool.input_ids[:, 0, 1] = left  # give every scene a caption slot that says "left"
    pool.input_ids[:, 0, 2] = right
    a, b = PoolBatches(pool, 4, seed=3, tokenizer=tokenizer), PoolBatches(pool, 4, seed=3, tokenizer=tokenizer)
    for step in (5, 0, 5):
        for x, y in zip(a(step), b(step)):
            assert torch.equal(x, y)
    plain = PoolBatches(pool, 4, seed=3, tokenizer=tokenizer, flip=False)
    flipped_any = False
    for step in range(6):
        (px, ids, _), (qx, qids, _) = a(step), plain(step)
        for i in range(4):
            if torch.equal(px[i], qx[i]):
                assert torch.equal(ids[i], qids[i])
            else:
                flipped_any = True
                assert torch.equal(px[i], qx[i].flip(2))  # [3, S, S]: flipped along the width
                assert ids[i, 0, 1] == right and ids[i, 0, 2] == left
    assert flipped_any


def test_caption_vocabulary_counts_scenes_not_tokens(fake_scenes, tokenizer, vocab) -> None:
    pool = build_pool(10, 32, 16, scenes=fake_scenes, log=None)
    df, n = caption_vocabulary(pool, vocab.remap_table(tokenizer), vocab.size)
    assert n == 10
    assert df[vocab.words.index("photo")] == 10  # in one caption of every fake scene, counted once per scene
    assert df.max() <= 10


def recipe(steps: int, **kw) -> TrainConfig:
    return TrainConfig(model="lexvla", steps=steps, batch=4, lr=3e-3, warmup=1, val_scenes=4, log_every=1,
                       val_every=1000, workers=0, pool=12, text_target="scene", train_words="captions",
                       freeze_text=True, lambda_img=0.05, lambda_txt=0.0, patch_penalty=0.05,
                       model_config=MICRO_CNN, **kw)


def test_untrained_words_stay_parked_and_inactive(tmp_path, fake_scenes) -> None:
    train(recipe(3), tmp_path / "run", "micro-cnn", scenes=fake_scenes, log=None)
    model, _, vocab, _ = load_checkpoint(tmp_path / "run")
    weight = model.text.word_weight
    trained = weight > 0
    assert 0 < int(trained.sum()) < 50  # the fake captions' few content words
    assert weight[vocab.words.index("a")] == 0.0 and weight[vocab.words.index("dog")] > 0
    z, bias = model.vision.z_img.detach(), model.vision.z_bias.detach()
    assert torch.count_nonzero(z[~trained]) == 0
    assert torch.all(bias[~trained] == MICRO_CNN.mapper_bias)
    with torch.no_grad():
        scores = model.vision.patch_scores(torch.randn(2, 3, 32, 32))  # [2, 16, V]
    assert torch.allclose(scores[..., ~trained], elu1p(torch.tensor(MICRO_CNN.mapper_bias)))


class Interrupted(Exception):
    pass


def test_a_resumed_run_equals_an_uninterrupted_one(tmp_path, fake_scenes) -> None:
    """A 6-step run killed during step 5 (checkpoints every 2 steps) and resumed gives the weights
    of an uninterrupted run: batches are a function of the step, and the optimizer state is saved."""
    train(recipe(6), tmp_path / "whole", "micro-cnn", scenes=fake_scenes, log=None)

    def crash_at_step_5(line: str) -> None:
        if json.loads(line).get("step") == 5:
            raise Interrupted()

    out = tmp_path / "resumed"
    cfg = dataclasses.replace(recipe(6), ckpt_every=2)
    with pytest.raises(Interrupted):
        train(cfg, out, "micro-cnn", scenes=fake_scenes, log=crash_at_step_5)
    assert torch.load(out / RESUME_FILE)["step"] == 4 and not (out / "model.pt").exists()
    train(cfg, out, "micro-cnn", scenes=fake_scenes, log=None, resume=True)
    assert not (out / RESUME_FILE).exists()  # a finished run leaves no resume file
    steps = [json.loads(line)["step"] for line in (out / "log.jsonl").read_text().splitlines()]
    assert steps == [1, 2, 3, 4, 5, 6]  # what was logged after the checkpoint is logged once
    whole, resumed = torch.load(tmp_path / "whole" / "model.pt"), torch.load(out / "model.pt")
    assert whole.keys() == resumed.keys()
    for k in whole:
        assert torch.allclose(whole[k].float(), resumed[k].float(), atol=1e-6), k


def trained_with(tmp_path, fake_scenes, part: str, **loss):
    """An 8-step micro run with the given loss weights, checked to log `part`; -> (cfg, model, its
    trained words, two random images, two texts as ids and mask)."""
    cfg = dataclasses.replace(recipe(8), **loss)
    train(cfg, tmp_path / "run", "micro-cnn", scenes=fake_scenes, log=None)
    assert part in json.loads((tmp_path / "run" / "log.jsonl").read_text().splitlines()[0])
    model, _, _, _ = load_checkpoint(tmp_path / "run")
    trained = torch.nonzero(model.text.word_weight > 0).flatten()
    ids = torch.tensor([[1, 2, 3, 0], [1, 4, 5, 0]])
    return cfg, model, trained, torch.randn(2, 3, 32, 32), ids, (ids > 0).long()


def test_word_bce_asks_each_scored_word_whether_the_text_has_it(tmp_path, fake_scenes) -> None:
    """--word-bce: binary cross-entropy of each trained word's strongest patch logit against "the
    image's text has the word" (summed over words, averaged over images), logged by training."""
    from lexvla.train import pair_vectors

    cfg, model, trained, pixels, ids, mask = trained_with(tmp_path, fake_scenes, "word_bce", word_bce=1.0)
    img, txt, extra = pair_vectors(model, cfg, pixels, ids, mask, trained, step=0)
    logits = model.vision.patch_logits(pixels, trained).amax(dim=1)
    present = (txt > 1 / len(model.text.word_weight) ** 0.5).float()
    want = torch.nn.functional.binary_cross_entropy_with_logits(logits, present, reduction="none").sum(-1).mean()
    assert torch.allclose(extra["word_bce"], want) and want > 0


def test_absent_patch_tells_every_patch_no_for_words_the_text_lacks(tmp_path, fake_scenes) -> None:
    """--absent-patch: softplus(logit - (mapper_bias - margin)) over every patch and every scored
    word the image's text lacks (summed over words, averaged over patches); words the text has are
    left to the contrastive and yes/no losses. Training logs it."""
    from lexvla.train import pair_vectors

    cfg, model, trained, pixels, ids, mask = trained_with(tmp_path, fake_scenes, "absent_patch",
                                                          absent_patch=0.01, absent_margin=2.0)
    # Texts that hold one trained word each (image 0 the first, image 1 the second): every other
    # trained word is absent from them.
    scores = torch.zeros(2, len(model.text.word_weight))
    scores[0, trained[0]], scores[1, trained[1]] = 1.0, 1.0
    model.text.forward = lambda ids, mask: scores
    _, txt, extra = pair_vectors(model, cfg, pixels, ids, mask, trained, step=0)
    logits = model.vision.patch_logits(pixels, trained)  # [2, N, W]
    absent = txt <= 1 / len(model.text.word_weight) ** 0.5
    assert absent.any() and (~absent).any()
    floor = MICRO_CNN.mapper_bias - 2.0
    per_patch = torch.where(absent[:, None, :], torch.nn.functional.softplus(logits - floor), torch.zeros(())).sum(-1)
    assert torch.allclose(extra["absent_patch"], per_patch.mean()) and per_patch.mean() > 0
    # Firing word 0 far more costs image 0 (whose text has it) nothing and image 1 (which lacks
    # it) ~50 per patch: the mean over both images' patches rises by ~25.
    with torch.no_grad():
        model.vision.z_bias[trained[0]] += 50.0
    _, _, pushed = pair_vectors(model, cfg, pixels, ids, mask, trained, step=0)
    assert abs(float(pushed["absent_patch"] - extra["absent_patch"]) - 25.0) < 1.5

"""The grounded text read-out and the sampled-vocabulary training step (config "tiny-grounded"):
the recipe prepared for the next GPU run, after the first read-out trained to flat text vectors."""
import torch

from lexvla.config import PRESETS, TrainConfig
from lexvla.factory import build_model
from lexvla.lexical import default_threshold
from lexvla.train import sampled_words


def test_grounded_text_is_sparse_on_the_captions_words_at_init(vocab, tokenizer):
    model = build_model("lexvla", PRESETS["tiny-grounded"], vocab, tokenizer)
    ids, mask = tokenizer.encode_padded("a picture of a fire truck", 32)
    v = model.encode_text(torch.tensor([ids]), torch.tensor([mask]))[0]
    active = (v > default_threshold(vocab.size)).nonzero().flatten().tolist()
    words = sorted(vocab.words[i] for i in active)
    assert words == sorted({"a", "picture", "of", "fire", "tr", "uck"})


def test_sampled_words_cover_the_caption_words_and_are_seeded(vocab, tokenizer):
    model = build_model("lexvla", PRESETS["tiny-grounded"], vocab, tokenizer)
    ids, mask = tokenizer.encode_padded("a raccoon at the left", 32)
    ids, mask = torch.tensor([ids]), torch.tensor([mask])
    a = sampled_words(model, ids, mask, 64, seed=7)
    b = sampled_words(model, ids, mask, 64, seed=7)
    assert torch.equal(a, b) and torch.equal(a, torch.unique(a))
    index = model.text.body.remap[ids][(mask > 0) & (model.text.body.remap[ids] < vocab.size)]
    assert set(index.tolist()) <= set(a.tolist())
    assert not torch.equal(a, sampled_words(model, ids, mask, 64, seed=8))
    assert TrainConfig().vocab_sample == 0  # off unless asked for


def test_word_counts_equal_the_one_hot_definition_and_ignore_padding_and_unknown_words():
    from lexvla.text import word_counts

    torch.manual_seed(0)
    size = 50
    index = torch.randint(0, size + 1, (4, 12))  # size = "not a vocabulary word"
    index[0, :3] = 7  # a word three times
    mask = (torch.rand(4, 12) > 0.3).float()
    mask[0, :3] = 1.0
    expected = (torch.nn.functional.one_hot(index, size + 1).float() * mask[:, :, None]).sum(dim=1)[:, :size]
    got = word_counts(index, mask, size)
    assert got.shape == (4, size)
    assert torch.equal(got, expected)
    assert got[0, 7] >= 3
    assert got.sum() == (mask * (index < size).float()).sum()  # padding and unknown words count nothing

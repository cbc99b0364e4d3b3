"""Shapes, the codebook initialisation and the text encoder's lexical read-out."""
import torch

from lexvla.clip import ClipModel
from lexvla.lexical import default_threshold, elu1p, l2norm, sparsify
from lexvla.lexvla import LexVLA
from lexvla.text import last_token, make_text_codebook


def test_lexvla_shapes_and_codebook_copy(micro, vocab, tokenizer) -> None:
    torch.manual_seed(0)
    model = LexVLA(micro, vocab.remap_table(tokenizer), vocab.size).eval()
    V = vocab.size
    assert torch.equal(model.vision.z_img.detach(), model.text.z_txt)  # copy of Z_txt at init
    assert model.vision.z_img.requires_grad and not any(p is model.text.z_txt for p in model.parameters())
    pixels = torch.randn(2, 3, 224, 224)
    assert model.vision.patch_scores(pixels).shape == (2, 256, V)
    img = model.encode_image(pixels)
    assert img.shape == (2, V) and torch.allclose(img.norm(dim=1), torch.ones(2))
    # Global = max over patches of the patch scores.
    assert torch.allclose(model.vision.global_scores(pixels), model.vision.patch_scores(pixels).amax(dim=1))
    ids, mask = zip(*[tokenizer.encode_padded(t, micro.max_length) for t in ("a dog", "a red apple on a table")])
    txt = model.encode_text(torch.tensor(ids), torch.tensor(mask))
    assert txt.shape == (2, V) and (txt > 0).all()


def test_z_txt_is_frozen_unit_rows_and_reproducible() -> None:
    z = make_text_codebook(1000, 32, 0.5, seed=3)
    assert torch.allclose(z.norm(dim=1), torch.ones(1000), atol=1e-5)
    assert torch.equal(z, make_text_codebook(1000, 32, 0.5, seed=3))
    assert not torch.equal(z, make_text_codebook(1000, 32, 0.5, seed=4))


def test_text_encoder_scores_own_words_high_at_init(micro, vocab, tokenizer) -> None:
    torch.manual_seed(0)
    model = LexVLA(micro, vocab.remap_table(tokenizer), vocab.size).eval()
    # The skip (mean of input embeddings) makes a one-word caption's word the top word before
    # any training. Longer captions need training: a 32-d random codebook has cross-talk.
    for word in ("dog", "horse", "apple"):  # single Llama-2 tokens
        ids, mask = tokenizer.encode_padded(word, micro.max_length)
        with torch.no_grad():
            txt = model.encode_text(torch.tensor([ids]), torch.tensor([mask]))[0]
        assert vocab.words[int(txt.argmax())] == word


def test_remap_maps_continuation_pieces_to_display_word(vocab, tokenizer) -> None:
    table = vocab.remap_table(tokenizer)
    assert vocab.words[table[tokenizer.vocab["▁dog"]]] == "dog"
    assert vocab.words[table[tokenizer.vocab["er"]]] == "er"  # "er" shares "▁er"'s row
    assert table[tokenizer.bos_id] == vocab.size  # <s> -> the UNK row


def test_clip_shapes(micro, vocab, tokenizer) -> None:
    model = ClipModel(micro, vocab.remap_table(tokenizer), vocab.size).eval()
    glob, patches = model.vision(torch.randn(2, 3, 224, 224))
    assert glob.shape == (2, micro.clip_dim) and patches.shape == (2, 256, micro.clip_dim)
    ids, mask = tokenizer.encode_padded("a cat", micro.max_length)
    assert model.encode_text(torch.tensor([ids]), torch.tensor([mask])).shape == (1, micro.clip_dim)


def test_lexical_helpers() -> None:
    assert elu1p(torch.tensor([-100.0, 0.0, 2.0])).tolist() == [0.0, 1.0, 3.0]
    v = l2norm(torch.tensor([[3.0, 4.0, 0.0, 0.1]]))
    assert sparsify(v, 0.5).tolist() == [[v[0, 0].item(), v[0, 1].item(), 0.0, 0.0]]
    assert sparsify(v, 0.0, top_k=1)[0].nonzero().flatten().tolist() == [1]
    assert abs(default_threshold(17149) - 0.00764) < 1e-5


def test_last_token_picks_last_real_position() -> None:
    x = torch.arange(12.0).reshape(2, 3, 2)
    mask = torch.tensor([[1, 1, 0], [1, 1, 1]])
    assert last_token(x, mask).tolist() == [[2.0, 3.0], [10.0, 11.0]]

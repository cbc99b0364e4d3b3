"""Each loss formula against a tensor computed by hand."""
import math

import pytest
import torch

from lexvla.losses import MAX_LOGIT_SCALE, flops_penalty, info_nce, lexvla_loss, overuse_penalty

# Two samples over V = 3 words; batch means m = [0.5, 0.25, 0.5].
S = torch.tensor([[1.0, 0.0, 0.5],
                  [0.0, 0.5, 0.5]])


def test_overuse_penalty_by_hand() -> None:
    # V * sum m^3 / sum m = 3 * (0.125 + 0.015625 + 0.125) / 1.25
    assert overuse_penalty(S).item() == pytest.approx(3 * 0.265625 / 1.25)


def test_flops_penalty_by_hand() -> None:
    assert flops_penalty(S).item() == pytest.approx(0.25 + 0.0625 + 0.25)


def test_overuse_punishes_a_shared_word_more_than_flops_does() -> None:
    # Same total mass; "shared" puts it on one word every sample uses, "spread" on distinct words.
    shared = torch.tensor([[1.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0]])
    spread = torch.tensor([[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0]])
    assert overuse_penalty(shared) / overuse_penalty(spread) == pytest.approx(4.0)
    assert flops_penalty(shared) / flops_penalty(spread) == pytest.approx(2.0)


def test_info_nce_by_hand() -> None:
    img = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    txt = torch.tensor([[0.6, 0.8], [0.0, 1.0]])
    scale = torch.tensor(math.log(2.0))
    logits = 2.0 * torch.tensor([[0.6, 0.0], [0.8, 1.0]])  # img @ txt^T
    i2t = -(math.log(math.exp(logits[0, 0]) / (math.exp(logits[0, 0]) + math.exp(logits[0, 1])))
            + math.log(math.exp(logits[1, 1]) / (math.exp(logits[1, 0]) + math.exp(logits[1, 1])))) / 2
    t2i = -(math.log(math.exp(logits[0, 0]) / (math.exp(logits[0, 0]) + math.exp(logits[1, 0])))
            + math.log(math.exp(logits[1, 1]) / (math.exp(logits[0, 1]) + math.exp(logits[1, 1])))) / 2
    assert info_nce(img, txt, scale).item() == pytest.approx((i2t + t2i) / 2, rel=1e-6)


def test_logit_scale_is_clamped_at_100() -> None:
    img = torch.eye(2)
    txt = torch.tensor([[0.0, 1.0], [1.0, 0.0]])
    huge = info_nce(img, txt, torch.tensor(10.0))  # exp(10) > 100
    at_cap = info_nce(img, txt, torch.tensor(math.log(MAX_LOGIT_SCALE)))
    assert huge.item() == pytest.approx(at_cap.item()) and at_cap.item() == pytest.approx(100.0, rel=1e-4)


def test_total_loss_combines_parts() -> None:
    parts = lexvla_loss(S, S, torch.tensor(0.0), "overuse", 0.1, 0.01)
    expected = parts["nce"] + 0.1 * overuse_penalty(S) + 0.01 * overuse_penalty(S)
    assert parts["loss"].item() == pytest.approx(expected.item())
    assert set(lexvla_loss(S, S, torch.tensor(0.0), "none", 1.0, 1.0)) == {"nce", "loss"}
    with pytest.raises(ValueError, match="penalty is 'l1'"):
        lexvla_loss(S, S, torch.tensor(0.0), "l1", 1.0, 1.0)


def test_multi_positive_nce_is_info_nce_with_one_caption_each_and_counts_every_own_caption() -> None:
    from lexvla.losses import multi_positive_nce

    torch.manual_seed(0)
    img = torch.nn.functional.normalize(torch.randn(3, 8), dim=-1)
    txt = torch.nn.functional.normalize(torch.randn(5, 8), dim=-1)
    scale = torch.tensor(1.5)
    assert torch.allclose(multi_positive_nce(img, txt[:3], torch.arange(3), scale), info_nce(img, txt[:3], scale))
    owner = torch.tensor([0, 0, 1, 2, 2])  # image 0 and image 2 have two captions each
    logits = scale.exp() * img @ txt.t()
    own = owner[None] == torch.arange(3)[:, None]
    i2t = -torch.log((logits.exp() * own).sum(1) / logits.exp().sum(1)).mean()
    t2i = torch.nn.functional.cross_entropy(logits.t(), owner)
    assert torch.allclose(multi_positive_nce(img, txt, owner, scale), 0.5 * (i2t + t2i), atol=1e-6)

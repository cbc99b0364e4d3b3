"""Real-scale modules through transformers/peft with random weights: shapes, parameter counts
(Llama-2-7B on the meta device), forward/backward at width 4096, one optimisation step, and a
train -> resume run. Skipped where transformers/peft are not installed (this repo's CPU CI)."""
from __future__ import annotations

import json

import pytest
import torch

transformers = pytest.importorskip("transformers", reason="real-scale tests need transformers (GPU machine)")
pytest.importorskip("peft", reason="real-scale tests need peft (GPU machine)")

from lexvla.realscale import hf  # noqa: E402
from lexvla.realscale.configs import preset  # noqa: E402
from lexvla.realscale.gather import global_loss  # noqa: E402
from lexvla.realscale.model import DinoBackbone, build_model, trainable_state  # noqa: E402
from lexvla.realscale.params import dinov2_params, llama_params, lora_params  # noqa: E402
from lexvla.realscale.prompt import PromptTokenizer, pad_batch, prompt_ids  # noqa: E402
from lexvla.realscale.train import main as train_main  # noqa: E402
from lexvla.realscale.synthetic import emoji_shards  # noqa: E402

DEVICE = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def test_meta_counts_match_formulas():
    cfg = preset("base")
    counts = hf.count_on_meta(cfg)
    print("Llama-2-7B + LoRA (meta device):", json.dumps(counts))
    assert counts["llm_frozen"] == llama_params("llama-2-7b") == 6_607_343_616
    assert counts["lora_trained"] == lora_params("llama-2-7b", cfg.lora.r, cfg.lora.targets) == 20_971_520
    assert counts["vision_backbone_frozen"] == dinov2_params("dinov2-base")


def test_dino_backbone_equals_transformers_forward():
    dino = hf.build_dinov2(preset("base"), None, seed=0)
    pixels = torch.randn(2, 3, 224, 224)
    out = DinoBackbone(dino)(pixels)
    assert out.patch_tokens.shape == (2, 256, 768) and out.cls_token.shape == (2, 768)
    with torch.no_grad():
        ref = dino(pixel_values=pixels).last_hidden_state  # [2, 257, 768]
    assert torch.allclose(out.patch_tokens, ref[:, 1:], atol=1e-4), (out.patch_tokens - ref[:, 1:]).abs().max()


def test_resize_positions_from_518():
    dino = transformers.Dinov2Model(transformers.Dinov2Config(hidden_size=64, num_hidden_layers=1, num_attention_heads=2,
                                                              image_size=518, patch_size=14))
    hf.resize_positions(dino, 224, 14)
    assert dino.embeddings.position_embeddings.shape == (1, 257, 64) and dino.config.image_size == 224
    assert DinoBackbone(dino)(torch.randn(1, 3, 224, 224)).patch_tokens.shape == (1, 256, 64)


def batch_for(cfg, n: int):
    tok = PromptTokenizer.from_repo()
    ids, mask = pad_batch([prompt_ids(c, tok, cfg.max_caption_tokens) for c in
                           ["a dog on a sofa", "two red apples on a wooden table", "a cat", "a tree by a lake"][:n]])
    return torch.randn(n, 3, 224, 224, device=DEVICE), ids.to(DEVICE), mask.to(DEVICE)


def test_width_4096_forward_backward_and_one_step(vocab):
    """DINOv2-B (real shape) + a 1-layer Llama of width 4096 + LoRA: scores, gradients where
    (and only where) training should put them, and one AdamW step that changes them."""
    cfg = preset("base", llm="llama-2-7b-1layer", grad_checkpointing=True)
    model = build_model(cfg, vocab, DEVICE, llm_dtype=torch.bfloat16 if DEVICE.type == "cuda" else torch.float32)
    trained = {n for n, p in model.named_parameters() if p.requires_grad}
    assert {"vision.z_img", "logit_scale"} <= trained and any("lora_A" in n for n in trained)
    assert not any(n.startswith("vision.backbone") for n in trained)
    assert not any("lora" not in n for n in trained if n.startswith("text."))
    pixels, ids, mask = batch_for(cfg, 4)
    model.train()
    with torch.autocast(DEVICE.type, dtype=torch.bfloat16, enabled=DEVICE.type == "cuda"):
        img, txt = model(pixels, ids, mask)
    assert img.shape == txt.shape == (4, vocab.size) and (img > 0).all() and (txt > 0).all()
    assert torch.allclose(txt.norm(dim=1), torch.ones(4, device=DEVICE), atol=1e-4)
    parts = global_loss(img, txt, model.logit_scale, "overuse", 1e-3, 1e-3)
    assert torch.isfinite(parts["loss"])
    before = {k: v.clone() for k, v in trainable_state(model).items()}
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-3)
    parts["loss"].backward()
    lora_b = [p for n, p in model.named_parameters() if "lora_B" in n]
    assert all(p.grad is not None for p in lora_b) and any(p.grad.abs().sum() > 0 for p in lora_b)
    assert model.vision.z_img.grad.abs().sum() > 0
    optimizer.step()
    after = trainable_state(model)
    changed = [k for k in before if not torch.equal(before[k], after[k])]
    assert "vision.z_img" in changed and any("lora_B" in k for k in changed) and "logit_scale" in changed


def test_train_then_resume_equals_uninterrupted(tmp_path):
    """6 steps in one go vs 3 steps, a new process-like start from checkpoint.pt, 3 more: the same
    trained weights, optimizer state and logged losses. Tolerance: exact in practice (the resumed
    run restores weights, AdamW state, the data read heads and the RNG that draws LoRA dropout);
    asserted at 1e-6 absolute. --shuffle-buffer 1 because a resume drops the samples still in a
    shuffle buffer (by design: see shards.shuffle_buffer), which would change the data."""
    shards = emoji_shards(tmp_path / "shards", count=48, per_shard=12, size=224)

    def args(out):
        return ["--config", "tiny-random", "--random-init", "--shards", str(shards[0].parent), "--out", str(out),
                "--steps", "6", "--batch", "4", "--workers", "0", "--save-every", "3", "--shuffle-buffer", "1"]

    whole, split = tmp_path / "whole", tmp_path / "split"
    assert train_main(args(whole)) == 0
    assert train_main(args(split) + ["--stop-after", "3"]) == 0
    first = torch.load(split / "checkpoint.pt", map_location="cpu")
    assert first["step"] == 3 and first["data"]["num_streams"] == 1 and first["data"]["streams"]["0"]["offset"] > 0
    assert len(first["rng"]) == 1
    assert train_main(args(split)) == 0
    second = torch.load(split / "checkpoint.pt", map_location="cpu")
    assert second["step"] == 6
    head0, head1 = first["data"]["streams"]["0"], second["data"]["streams"]["0"]
    assert (head1["epoch"], head1["cursor"], head1["offset"]) > (head0["epoch"], head0["cursor"], head0["offset"])
    log = [json.loads(line) for line in (split / "log.jsonl").read_text().splitlines()]
    assert [r["step"] for r in log] == [1, 2, 3, 4, 5, 6]
    assert all(torch.isfinite(v).all() for v in second["params"].values())
    ref = torch.load(whole / "checkpoint.pt", map_location="cpu")
    assert ref["data"] == second["data"] and set(ref["params"]) == set(second["params"])
    worst = max(float((ref["params"][n] - second["params"][n]).abs().max()) for n in ref["params"])
    print(f"resume vs uninterrupted: max |param difference| after 6 steps = {worst:.3g}")
    assert worst <= 1e-6
    ref_log = [json.loads(line) for line in (whole / "log.jsonl").read_text().splitlines()]
    assert [r["loss"] for r in log] == pytest.approx([r["loss"] for r in ref_log], abs=1e-6)
    for a, b in zip(ref["optim"]["state"].values(), second["optim"]["state"].values()):
        assert torch.allclose(a["exp_avg"], b["exp_avg"], atol=1e-6) and int(a["step"]) == int(b["step"]) == 6

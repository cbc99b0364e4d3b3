"""The real-scale model end to end on CPU with tiny random Hugging Face configs (nothing is
downloaded): frozen DINOv2 (with and without register tokens) -> adapter -> mapper onto Z_img;
Llama + LoRA (peft) reading the in-context prompt at the last real token of right-padded rows;
one optimisation step that moves exactly the trained tensors."""
from __future__ import annotations

import pytest
import torch

transformers = pytest.importorskip("transformers", reason="real-scale tests need transformers")
peft = pytest.importorskip("peft", reason="real-scale tests need peft")

from lexvla.lexical import elu1p, l2norm  # noqa: E402
from lexvla.realscale import hf  # noqa: E402
from lexvla.realscale.configs import preset  # noqa: E402
from lexvla.realscale.model import DinoBackbone, build_model  # noqa: E402
from lexvla.realscale.params import dinov2_params  # noqa: E402
from lexvla.realscale.prompt import PROMPT_TEMPLATE, PromptTokenizer, pad_batch, prompt_ids  # noqa: E402
from lexvla.realscale.optim import param_groups  # noqa: E402
from lexvla.realscale.train import train_step  # noqa: E402

CAPTIONS = ["a cat", "two red apples on a wooden table next to a knife", "a dog on a sofa"]


@pytest.fixture(scope="module")
def tiny(vocab):
    """tiny-random at 56 px (4 x 4 patches): DINOv2 64-wide x 2 layers, Llama 64-wide x 2 layers
    with the real 32,000-token embedding table, LoRA r=4 on q,k,v,o. float32 LLM: exact checks."""
    cfg = preset("tiny-random", image_size=56)
    return cfg, build_model(cfg, vocab, torch.device("cpu"), llm_dtype=torch.float32)


def prompts(cfg, captions=CAPTIONS):
    tok = PromptTokenizer.from_repo()
    rows = [prompt_ids(c, tok, cfg.max_caption_tokens) for c in captions]
    return tok, rows, *pad_batch(rows, tok.pad_id)


def test_structure_frozen_and_trained(tiny):
    cfg, model = tiny
    assert isinstance(model.vision.backbone.dino, transformers.Dinov2Model)
    assert isinstance(model.text.llm, peft.PeftModel)
    trained = {n for n, p in model.named_parameters() if p.requires_grad}
    kinds = {"lora" if ".lora_" in n else n.split(".")[1] if n.startswith("vision.") else n for n in trained}
    assert kinds == {"lora", "adapter", "z_img", "logit_scale"}, kinds
    lora = [n for n in trained if ".lora_" in n]
    assert len(lora) == 2 * 4 * 2  # A and B x q,k,v,o x 2 layers
    assert not any(n.startswith("vision.backbone") for n in trained)
    # The text codebook is the LLM's embedding rows of the vocabulary's words, frozen.
    emb = model.text.llm.get_input_embeddings().weight
    assert model.text.z_txt.shape == (model.vision.z_img.shape[0], 64) and not model.text.z_txt.requires_grad
    word = 5
    assert torch.equal(model.text.z_txt[word], emb[int((emb == model.text.z_txt[word]).all(1).nonzero()[0])])
    assert torch.equal(model.vision.z_img, model.text.z_txt)  # Z_img starts as a copy of Z_txt
    model.train()
    assert not model.vision.backbone.dino.training  # frozen backbone: dropout / drop-path stay off
    model.eval()


def test_image_path_equals_its_parts(tiny):
    """encode_image = l2norm(max over patches of ELU1p((adapter(DINOv2 patch tokens)) . Z_img^T))."""
    cfg, model = tiny
    pixels = torch.randn(2, 3, 56, 56)
    with torch.no_grad():
        tokens = model.vision.backbone.dino(pixel_values=pixels).last_hidden_state[:, 1:]  # transformers' own forward
        logits = model.vision.adapter(tokens) @ model.vision.z_img.t()
        ref = l2norm(elu1p(logits).amax(dim=1))
        got = model.encode_image(pixels)
    assert tokens.shape == (2, 16, 64) and got.shape == (2, model.vision.z_img.shape[0])
    assert torch.allclose(got, ref, atol=1e-6), (got - ref).abs().max()


def test_text_reads_the_prompt_at_the_last_real_token(tiny):
    """Right-padded batch + attention mask = each prompt alone, read at its last token (the
    prompt's closing quote); reading at the padded end would give something else."""
    cfg, model = tiny
    tok, rows, ids, mask = prompts(cfg)
    assert all(r[0] == tok.bos_id for r in rows) and len({len(r) for r in rows}) == 3
    closing = tok.encode(PROMPT_TEMPLATE.format(text="x"))[-1]
    with torch.no_grad():
        batch = model.encode_text(ids, mask)
        hidden = model.text.llm(input_ids=ids, attention_mask=mask)[0]
        for i, row in enumerate(rows):
            n = len(row)
            assert int(mask[i].sum()) == n and int(ids[i, n - 1]) == closing and (mask[i, n:] == 0).all()
            alone = model.encode_text(torch.tensor([row]), torch.ones(1, n, dtype=torch.long))
            assert torch.allclose(batch[i], alone[0], atol=1e-5), (batch[i] - alone[0]).abs().max()
            manual = l2norm(elu1p(hidden[i, n - 1] @ model.text.z_txt.t()))
            assert torch.allclose(batch[i], manual, atol=1e-6)
        short = min(range(3), key=lambda i: len(rows[i]))
        at_pad = l2norm(elu1p(hidden[short, -1] @ model.text.z_txt.t()))
        assert not torch.allclose(at_pad, batch[short], atol=1e-3)


def test_lora_takes_part_in_the_text_path(tiny):
    cfg, model = tiny
    _, _, ids, mask = prompts(cfg)
    lora_b = [p for n, p in model.named_parameters() if ".lora_B." in n]
    saved = [p.detach().clone() for p in lora_b]
    try:
        with torch.no_grad():
            base = model.encode_text(ids, mask)  # LoRA B starts at zero: the base LLM
            for p in lora_b:
                p.normal_(std=0.05)
            adapted = model.encode_text(ids, mask)
            with model.text.llm.disable_adapter():
                plain = model.encode_text(ids, mask)
        assert torch.allclose(base, plain, atol=1e-6) and not torch.allclose(adapted, plain, atol=1e-4)
    finally:
        with torch.no_grad():
            for p, s in zip(lora_b, saved):
                p.copy_(s)


def test_one_step_moves_only_lora_adapter_codebook_and_temperature(vocab):
    cfg = preset("tiny-random", image_size=56)
    model = build_model(cfg, vocab, torch.device("cpu"))  # bf16 LLM + float32 LoRA, as training builds it
    optimizer = torch.optim.AdamW(param_groups(model, cfg), lr=1e-3)
    before = {n: t.detach().clone() for n, t in model.state_dict(keep_vars=True).items()}
    buffers = {n: b.detach().clone() for n, b in model.named_buffers()}
    _, _, ids, mask = prompts(cfg)
    model.train()
    import contextlib

    parts = train_step(model, model, optimizer, cfg, 5, torch.randn(3, 3, 56, 56), ids, mask, False,
                       contextlib.nullcontext())
    assert torch.isfinite(parts["loss"]) and float(parts["grad_norm"]) > 0
    after = model.state_dict(keep_vars=True)
    changed = {n for n in before if not torch.equal(before[n], after[n].detach())}
    trained = {n for n, p in model.named_parameters() if p.requires_grad}
    assert changed <= trained, sorted(changed - trained)[:5]  # nothing frozen moved
    assert {"vision.z_img", "logit_scale"} <= changed
    assert any(n.startswith("vision.adapter.") for n in changed)
    lora_b = {n for n in trained if ".lora_B." in n}
    assert lora_b and lora_b <= changed  # B gets gradient at once (A's is zero while B is zero)
    assert all(torch.equal(b, dict(model.named_buffers())[n]) for n, b in buffers.items())  # Z_txt etc.
    assert model.text.llm.get_input_embeddings().weight.dtype == torch.bfloat16
    assert all(p.dtype == torch.float32 for n, p in model.named_parameters() if ".lora_" in n)


@pytest.mark.parametrize("vision", ["dinov2-tiny-random", "dinov2-tiny-random-registers"])
def test_dino_backbone_with_and_without_registers(vision, tmp_path):
    """DinoBackbone writes the embedding step out; it must equal transformers' forward and drop
    the CLS and register tokens. Registers need Dinov2WithRegistersModel (Dinov2Model has none),
    from a config (random weights) or a checkpoint folder's model_type."""
    cfg = preset("tiny-random", vision=vision, image_size=56)
    dino = hf.build_dinov2(cfg, None, seed=0)
    registers = 4 if "registers" in vision else 0
    cls = transformers.Dinov2WithRegistersModel if registers else transformers.Dinov2Model
    assert type(dino) is cls and sum(p.numel() for p in dino.parameters()) == dinov2_params(vision, 56, 14)
    backbone = DinoBackbone(dino)
    assert backbone.registers == registers
    pixels = torch.randn(2, 3, 56, 56)
    with torch.no_grad():
        if registers:  # the register tokens are random: make sure they matter
            dino.embeddings.register_tokens.normal_()
        out = backbone(pixels)
        ref = dino(pixel_values=pixels).last_hidden_state
    assert ref.shape == (2, 1 + registers + 16, 64)
    assert torch.allclose(out.patch_tokens, ref[:, 1 + registers:], atol=1e-5)
    assert torch.allclose(out.cls_token, ref[:, 0], atol=1e-5)
    # From a checkpoint folder: the class follows its model_type; a mismatch with --config is an error.
    dino.save_pretrained(tmp_path / "ckpt")
    loaded = hf.build_dinov2(cfg, str(tmp_path / "ckpt"), seed=123)
    assert type(loaded) is cls
    with torch.no_grad():
        assert torch.allclose(DinoBackbone(loaded)(pixels).patch_tokens, out.patch_tokens, atol=1e-6)
    other = preset("tiny-random", vision="dinov2-tiny-random" if registers else "dinov2-tiny-random-registers",
                   image_size=56)
    with pytest.raises(ValueError, match="register tokens"):
        hf.build_dinov2(other, str(tmp_path / "ckpt"), seed=0)

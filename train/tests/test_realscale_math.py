"""Pure parts of the real-scale job: global-batch gradients, prompt building, parameter counts,
vocabulary -> LLM token ids. No transformers needed."""
from __future__ import annotations

import os
import socket

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp

from lexvla.lexical import elu1p, l2norm
from lexvla.losses import lexvla_loss
from lexvla.realscale import gather
from lexvla.realscale.configs import LORA_TARGETS_ALL, LORA_TARGETS_ATTN, PRESETS
from lexvla.realscale.params import adapter_params, dinov2_params, llama_params, lora_params, summary
from lexvla.realscale.prompt import PROMPT_TEMPLATE, PromptTokenizer, fit_caption, last_index, pad_batch, prompt_ids
from lexvla.realscale.vocab_ids import resolve_token_ids


def lexical_batch(seed: int, n: int = 8, v: int = 50):
    g = torch.Generator().manual_seed(seed)
    img = torch.randn(n, v, generator=g, requires_grad=True)
    txt = torch.randn(n, v, generator=g, requires_grad=True)
    return img, txt


@pytest.mark.parametrize("penalty", ["overuse", "flops"])
def test_per_rank_gradients_sum_to_the_global_gradient(penalty):
    img, txt = lexical_batch(0)
    scale = torch.tensor(2.5, requires_grad=True)
    lexvla_loss(l2norm(elu1p(img)), l2norm(elu1p(txt)), scale, penalty, 0.1, 0.2)["loss"].backward()
    want = [img.grad.clone(), txt.grad.clone(), scale.grad.clone()]
    img.grad = txt.grad = scale.grad = None
    gather.simulate_rank_losses(l2norm(elu1p(img)), l2norm(elu1p(txt)), scale, 4, penalty, 0.1, 0.2).backward()
    for got, expected in zip([img.grad, txt.grad, scale.grad], want):
        assert torch.allclose(got, expected, atol=1e-6), (got - expected).abs().max()


def test_world_size_one_is_a_plain_loss():
    img, txt = lexical_batch(1)
    scale = torch.tensor(1.0)
    a = gather.global_loss(l2norm(elu1p(img)), l2norm(elu1p(txt)), scale, "overuse", 0.1, 0.1)["loss"]
    b = lexvla_loss(l2norm(elu1p(img)), l2norm(elu1p(txt)), scale, "overuse", 0.1, 0.1)["loss"]
    assert gather.world() == 1 and gather.backward_scale() == 1.0 and torch.equal(a, b)


def _ddp_worker(rank: int, port: int, queue) -> None:
    """One rank of a 2-process gloo run: a shared linear encoder, the global loss, backward, and
    DDP's gradient step (all-reduce, then divide by the world size) done by hand."""
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    dist.init_process_group("gloo", rank=rank, world_size=2)
    torch.manual_seed(0)
    enc = torch.nn.Linear(6, 20)
    scale = torch.nn.Parameter(torch.tensor(2.0))
    x = torch.randn(8, 6, generator=torch.Generator().manual_seed(5))
    y = torch.randn(8, 6, generator=torch.Generator().manual_seed(6))
    local = slice(rank * 4, rank * 4 + 4)
    img, txt = l2norm(elu1p(enc(x[local]))), l2norm(elu1p(enc(y[local])))
    loss = gather.global_loss(img, txt, scale, "overuse", 0.1, 0.1)["loss"]
    (loss * gather.backward_scale()).backward()
    grads = []
    for p in (enc.weight, enc.bias, scale):
        dist.all_reduce(p.grad)
        grads.append(p.grad / 2)
    if rank == 0:
        # Plain lists, not tensors: torch's queue shares a tensor through a socket of the sending
        # process, which may have exited by the time the test reads it.
        queue.put([g.tolist() for g in grads] + [loss.item()])
    dist.barrier()
    dist.destroy_process_group()


def test_two_process_gloo_gradients_equal_single_process():
    port = _free_port()
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_ddp_worker, args=(r, port, queue)) for r in range(2)]
    for p in procs:
        p.start()
    got = [torch.tensor(v) for v in queue.get(timeout=120)]
    for p in procs:
        p.join(timeout=60)
    torch.manual_seed(0)
    enc = torch.nn.Linear(6, 20)
    scale = torch.nn.Parameter(torch.tensor(2.0))
    x = torch.randn(8, 6, generator=torch.Generator().manual_seed(5))
    y = torch.randn(8, 6, generator=torch.Generator().manual_seed(6))
    loss = lexvla_loss(l2norm(elu1p(enc(x))), l2norm(elu1p(enc(y))), scale, "overuse", 0.1, 0.1)["loss"]
    loss.backward()
    assert torch.allclose(got[-1], loss.detach(), atol=1e-6)
    for g, p in zip(got[:-1], [enc.weight, enc.bias, scale]):
        assert torch.allclose(g, p.grad, atol=1e-6), (g - p.grad).abs().max()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_prompt_wraps_caption_and_truncates_by_words():
    tok = PromptTokenizer.from_repo()
    ids = prompt_ids("a dog on a red sofa", tok, max_caption_tokens=64)
    assert ids[0] == tok.bos_id and ids[1:] == tok.encode(PROMPT_TEMPLATE.format(text="a dog on a red sofa"))
    long = " ".join(["elephant"] * 100)
    fitted = fit_caption(long, tok.encode, 10)
    assert len(tok.encode(fitted)) <= 10 and len(tok.encode(fitted + " elephant")) > 10
    tail = tok.encode('" means in one word:"')[-4:]
    assert prompt_ids(long, tok, 10)[-4:] == tail  # the prompt's end survives truncation
    assert fit_caption("  two   spaces ", tok.encode, 64) == "two spaces"


def test_pad_batch_is_right_padded():
    ids, mask = pad_batch([[1, 5, 6], [1, 7]])
    assert ids.tolist() == [[1, 5, 6], [1, 7, 0]] and mask.tolist() == [[1, 1, 1], [1, 1, 0]]
    assert last_index(mask).tolist() == [2, 1]


def test_parameter_counts_match_published_sizes():
    assert dinov2_params("dinov2-base", 518) == 86_580_480  # DINOv2 ViT-B/14: "86M"
    assert dinov2_params("dinov2-large", 518) == 304_368_640  # ViT-L/14: "300M"
    assert llama_params("llama-2-7b", lm_head=True) == 6_738_415_616  # Llama-2-7B
    assert lora_params("llama-2-7b", 20, LORA_TARGETS_ATTN) == 20_971_520  # the default: "~21M"
    assert lora_params("llama-2-7b", 8, LORA_TARGETS_ALL) == 19_988_480
    assert adapter_params(768) == 17_314_816  # adapter of DINOv2-B: the paper's "17M"
    s = summary(PRESETS["base"], 20314)
    assert s["vision_codebook_trained"] == 20314 * 4096 and s["lora_trained"] == 20_971_520
    with pytest.raises(ValueError, match=r"lora targets \['qkv'\]"):
        lora_params("llama-2-7b", 8, ["qkv"])


def test_vocabulary_token_ids_resolve_by_string():
    from lexvla.tokenizer import Llama2Tokenizer
    from lexvla.vocab import Vocabulary

    vocab, tok = Vocabulary.load(), Llama2Tokenizer()
    assert resolve_token_ids(vocab.words, tok.vocab) == vocab.token_ids  # the repo's rule, reproduced
    other = {"\u2581dog": 7, "er": 9}
    assert resolve_token_ids(["dog", "er", "zzz"], other, max_missing=1) == [7, 9, -1]
    with pytest.raises(ValueError, match="1 of 3 words have no token"):
        resolve_token_ids(["dog", "er", "zzz"], other)

"""Real-scale export: a tiny-random run -> lexical bundle (full scores and on-graph top-k),
onnxruntime parity with PyTorch, the precomputed text vectors against the PyTorch text side, the
graph's opset / IR version (onnxruntime-web 1.30: opset 17, IR <= 10), the manifest's shape; and
an HF CLIP (random tiny config) -> dense bundle. Needs transformers/peft (requirements.txt)."""
from __future__ import annotations

import json

import numpy as np
import onnx
import pytest
import torch

pytest.importorskip("transformers", reason="real-scale export tests need transformers")
pytest.importorskip("peft", reason="real-scale export tests need peft")

from lexvla.onnx_export import MAX_IR_VERSION, OPSET  # noqa: E402
from lexvla.realscale import export, export_clip  # noqa: E402
from lexvla.realscale.bundle import encode_texts  # noqa: E402
from lexvla.realscale.classes import ADE20K_150, COCO_80  # noqa: E402
from lexvla.realscale.train import main as train_main  # noqa: E402
from lexvla.realscale.synthetic import emoji_shards  # noqa: E402
from test_export import assert_app_validates  # noqa: E402


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("rs")
    shards = emoji_shards(root / "shards", count=24, per_shard=12, size=224)
    out = root / "run"
    assert train_main(["--config", "tiny-random", "--random-init", "--shards", str(root / "shards"), "--out",
                       str(out), "--steps", "2", "--batch", "4", "--workers", "0"]) == 0
    return out, shards


def check_graph_version(path) -> None:
    model = onnx.load(str(path), load_external_data=False)
    opsets = {o.domain: o.version for o in model.opset_import}
    print(f"{path.name}: IR version {model.ir_version}, opsets {opsets}, producer {model.producer_version}")
    assert opsets.get("", opsets.get("ai.onnx")) == OPSET and model.ir_version <= MAX_IR_VERSION


def dense(entry, size: int) -> np.ndarray:
    out = np.zeros(size, np.float32)
    out[entry["indices"]] = entry["values"]
    return out


def ort_outputs(path, pixels: np.ndarray):
    ort = pytest.importorskip("onnxruntime", reason="parity needs onnxruntime (Python)")
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {"pixel_values": pixels})


@pytest.mark.parametrize("topk", [None, 8])
def test_lexical_bundle_manifest_and_parity(run, tmp_path, topk):
    ckpt, shards = run
    out = tmp_path / "bundle"
    m = export.export(ckpt, out, fp16=False, topk=topk, classes=["coco", "ade20k"],
                      gallery_shards=str(shards[0].parent), gallery=3, device=torch.device("cpu"))
    assert m["format"] == "lexvla-bundle" and m["version"] == 1 and m["kind"] == "lexical"
    v = m["vocabulary"]["size"]
    assert m["vision"]["input"]["shape"] == [1, 3, 224, 224]
    if topk:
        top = m["vision"]["outputs"]["patchTopK"]
        assert top["k"] == topk and top["values"]["shape"] == [1, 256, topk] and top["indices"]["dtype"] == "int64"
    else:
        assert m["vision"]["outputs"]["patch"]["shape"] == [1, 256, v]
    assert m["vision"]["outputs"]["global"]["shape"] == [1, v]
    assert m["text"] == {"mode": "precomputed", "file": "texts.json", "tokenizer": "tokenizer.json"}
    assert_app_validates(out, m)
    texts = json.loads((out / "texts.json").read_text())
    assert len(texts["texts"]) == len(texts["vectors"]) == len(set(COCO_80 + ADE20K_150)) + 3
    assert all(len(t["indices"]) == len(t["values"]) for t in texts["vectors"])
    gallery = json.loads((out / "gallery" / "index.json").read_text())
    assert len(gallery["items"]) == m["gallery"]["size"] == 3 and (out / gallery["items"][0]["image"]).exists()
    listed = {f["path"] for f in m["files"]}
    assert {"vision.onnx", "vocab.json", "tokenizer.json", "texts.json", "gallery/index.json"} <= listed
    check_graph_version(out / "vision.onnx")
    # Parity: the exported graph and texts.json against the same PyTorch weights.
    model = export.build_model(export.config_from_json(json.loads((ckpt / "config.json").read_text())["realscale"]),
                               export.Vocabulary.load(), torch.device("cpu"))
    export.load_trainable(model, torch.load(ckpt / "checkpoint.pt", map_location="cpu")["params"])
    model.eval()
    some = [0, 1, 57, len(texts["texts"]) - 1]  # "person", "bicycle", ..., a gallery caption
    tok = export.hf.load_prompt_tokenizer(None)
    with torch.no_grad():  # one text per batch here, 16 per batch (right-padded) in the export
        ref = encode_texts(model, tok, [texts["texts"][i] for i in some], 64, torch.device("cpu"), batch=1).numpy()
    threshold = m["sparsify"]["threshold"]
    for row, i in zip(ref, some):
        got = dense(texts["vectors"][i], v)
        kept = np.where(row > threshold, row, 0)
        cos = float(got @ kept / (np.linalg.norm(got) * np.linalg.norm(kept)))
        assert cos > 0.999 and np.abs(got - kept)[(got > 0) & (kept > 0)].max() < 2e-3, (texts["texts"][i], cos)
    pixels = torch.randn(1, 3, 224, 224)
    with torch.no_grad():
        scores = model.vision.patch_scores(pixels)
    got = ort_outputs(out / "vision.onnx", pixels.numpy())
    if topk:
        ref_v, ref_i = scores.topk(topk, dim=-1)
        assert np.allclose(got[0], ref_v.numpy(), rtol=1e-3, atol=1e-4)
        assert (got[1] == ref_i.numpy()).mean() > 0.99  # ties may order differently
    else:
        assert np.allclose(got[0], scores.numpy(), rtol=1e-3, atol=1e-4), np.abs(got[0] - scores.numpy()).max()


def test_forced_external_data_loads(run, tmp_path):
    ckpt, _ = run
    info = json.loads((ckpt / "config.json").read_text())
    model = export.build_model(export.config_from_json(info["realscale"]), export.Vocabulary.load(),
                               torch.device("cpu"), with_text=False)
    spec = export.export_vision(model, tmp_path, 224, fp16=True, topk=None, force_external=True)
    assert spec["externalData"] == ["vision.onnx.data"] and spec["weights"] == "fp16"
    assert (tmp_path / "vision.onnx.data").stat().st_size > (tmp_path / "vision.onnx").stat().st_size
    check_graph_version(tmp_path / "vision.onnx")
    out = ort_outputs(tmp_path / "vision.onnx", np.zeros((1, 3, 224, 224), np.float32))
    assert out[0].shape[:2] == (1, 256) and np.isfinite(out[0]).all()


def test_clip_dense_bundle(tmp_path):
    clip = export_clip.build_clip(None, "tiny")
    m = export_clip.export_clip(clip, tmp_path / "clip", fp16=False, tokenizer=export_clip.DEFAULT_TOKENIZER_JSON,
                                command="test")
    assert m["kind"] == "dense" and m["embeddingDim"] == 32 and m["preprocess"]["grid"] == [14, 14]
    assert m["vision"]["outputs"]["patch"]["shape"] == [1, 196, 32]
    assert m["text"]["mode"] == "onnx" and m["text"]["maxLength"] == 77
    assert_app_validates(tmp_path / "clip", m)
    pixels = torch.randn(1, 3, 224, 224)
    with torch.no_grad():
        patch, glob = export_clip.ClipVisionGraph(clip)(pixels)
        ref_glob = clip.get_image_features(pixel_values=pixels)
    if not torch.is_tensor(ref_glob):  # some transformers versions return an output object
        ref_glob = getattr(ref_glob, "image_embeds", None) if getattr(ref_glob, "image_embeds", None) is not None \
            else ref_glob.pooler_output
    assert torch.allclose(glob, ref_glob / ref_glob.norm(dim=-1, keepdim=True), atol=1e-5)
    check_graph_version(tmp_path / "clip" / "vision.onnx")
    check_graph_version(tmp_path / "clip" / "text.onnx")
    got = ort_outputs(tmp_path / "clip" / "vision.onnx", pixels.numpy())
    assert np.allclose(got[0], patch.numpy(), atol=1e-4) and np.allclose(got[1], glob.numpy(), atol=1e-4)
    check_clip_word_table(clip, tmp_path / "clip", m)


def check_clip_word_table(clip, out, m) -> None:
    """words/: LexVLA's vocabulary through "a photo of a {word}" and the tokenizer, then the text
    tower; int8 entries within half their row's scale (+1e-5) of the tower's output."""
    from tokenizers import Tokenizer

    from lexvla.vocab import Vocabulary
    from lexvla.word_table import padded, read_word_table

    spec = m["wordEmbeddings"]
    vocab = Vocabulary.load()
    assert (spec["template"], spec["shape"], spec["vocabulary"]["size"]) == ("a photo of a {word}", [vocab.size, 32], vocab.size)
    words, table = read_word_table(out, spec)
    scales = np.frombuffer((out / spec["file"]).read_bytes(), "<f4", count=vocab.size)
    tok = Tokenizer.from_file(str(out / "tokenizer.json"))
    for word in ["dog", "oon", words[-1]]:
        i = words.index(word)
        ids, mask = padded(tok.encode(f"a photo of a {word}").ids, 77)
        with torch.no_grad():
            ref = export_clip.ClipTextGraph(clip)(torch.tensor([ids]), torch.tensor([mask]))[0].numpy()
        assert np.abs(table[i] - ref).max() <= scales[i] / 2 + 1e-5, word

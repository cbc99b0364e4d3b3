"""Export of a micro model: manifest v1 fields, exact file sizes, valid ONNX, gallery, golden, and
the TypeScript validator (`lexvla validate`) accepting the result."""
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import onnx
import pytest

from lexvla.config import PRESETS, TrainConfig
from lexvla.export import export
from lexvla.train import train
from lexvla.vocab import REPO_ROOT

REQUIRED = {"format", "version", "name", "description", "kind", "preprocess", "vision", "text",
            "provenance", "files"}


@pytest.fixture(scope="module", params=["lexvla", "clip"])
def bundle(request, tmp_path_factory, fake_scenes):
    root = tmp_path_factory.mktemp(request.param)
    cfg = TrainConfig(model=request.param, steps=2, batch=4, val_scenes=8, workers=0,
                      model_config=PRESETS["micro"])
    train(cfg, root / "run", "micro", scenes=fake_scenes, log=None)
    out = root / f"micro-{request.param}"
    manifest = export(root / "run", out, fp16=True, gallery_count=3, eval_count=4,
                      golden_root=root / "golden", scenes=fake_scenes)
    return request.param, out, manifest, root / "golden" / out.name


def test_manifest_fields_and_exact_file_sizes(bundle) -> None:
    model, out, manifest, _ = bundle
    assert REQUIRED <= set(manifest) and manifest == json.loads((out / "manifest.json").read_text())
    assert (manifest["format"], manifest["version"], manifest["name"]) == ("lexvla-bundle", 1, out.name)
    listed = {f["path"]: f["bytes"] for f in manifest["files"]}
    on_disk = {p.relative_to(out).as_posix(): p.stat().st_size for p in out.rglob("*")
               if p.is_file() and p.name != "manifest.json"}
    assert listed == on_disk
    hashes = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert hashes == {path: hashlib.sha256((out / path).read_bytes()).hexdigest() for path in on_disk}
    pre = manifest["preprocess"]
    assert pre["grid"] == [16, 16] and pre["patchSize"] == 14 and pre["inputSize"] == [224, 224]
    assert manifest["vision"]["input"] == {"name": "pixel_values", "shape": [1, 3, 224, 224], "dtype": "float32"}
    text = manifest["text"]
    assert text["mode"] == "onnx" and text["maxLength"] == 16
    assert text["model"]["inputs"]["ids"] == {"name": "input_ids", "shape": [1, 16], "dtype": "int64"}
    assert manifest["eval"] == {"dir": "eval", "classes": 4, "images": 4}
    assert manifest["trainedOn"] == {"dataset": "emojiscenes", "imageSize": [224, 224], "classes": [
        {"name": "dog", "emoji": "1F415"}, {"name": "cat", "emoji": "1F408"},
        {"name": "apple", "emoji": "1F34E"}, {"name": "tree", "emoji": "1F333"}]}
    assert manifest["provenance"]["trainedBy"] == "train/lexvla (this repo)"
    if model == "lexvla":
        V = manifest["vocabulary"]["size"]
        assert manifest["kind"] == "lexical" and manifest["sparsify"] == {"threshold": V ** -0.5, "topK": None}
        assert manifest["vision"]["outputs"]["patch"]["shape"] == [1, 256, V]
        assert manifest["vision"]["outputs"]["global"]["name"] == "global"
        assert text["model"]["output"] == {"name": "text_scores", "shape": [1, V], "dtype": "float32"}
        assert len(json.loads((out / "vocab.json").read_text())["tokenIds"]) == V
    else:
        assert manifest["kind"] == "dense" and manifest["embeddingDim"] == 32
        assert manifest["vision"]["outputs"]["patch"]["name"] == "patch_embeddings"
        assert text["model"]["output"]["shape"] == [1, 32]


def test_onnx_files_pass_the_checker_with_fp16_weights(bundle) -> None:
    _, out, manifest, _ = bundle
    for spec in (manifest["vision"], manifest["text"]["model"]):
        model = onnx.load(str(out / spec["file"]))
        onnx.checker.check_model(model)
        graph = model.graph
        assert spec["weights"] == "fp16"
        assert any(i.data_type == onnx.TensorProto.FLOAT16 for i in graph.initializer)
        assert all(v.type.tensor_type.elem_type != onnx.TensorProto.FLOAT16 for v in graph.output)


def test_gallery_vectors(bundle) -> None:
    model, out, manifest, _ = bundle
    index = json.loads((out / manifest["gallery"]["index"]).read_text())
    assert index["format"] == "lexvla-gallery" and len(index["items"]) == 3
    assert all((out / item["image"]).is_file() for item in index["items"])
    assert len(index["captionVectors"]) == sum(len(i["captions"]) for i in index["items"])
    for vec in index["imageVectors"] + index["captionVectors"]:
        if model == "lexvla":
            assert vec["indices"] == sorted(vec["indices"])
            assert min(vec["values"]) > manifest["sparsify"]["threshold"] - 1e-6  # values rounded to 6 decimals
        else:
            assert abs(np.linalg.norm(vec) - 1.0) < 1e-4


def test_golden_files(bundle) -> None:
    model, out, manifest, golden = bundle
    desc = json.loads((golden / "golden.json").read_text())
    width = manifest["vocabulary"]["size"] if model == "lexvla" else 32
    assert np.fromfile(golden / "global.f32", "<f4").shape == (width,)
    assert np.fromfile(golden / "patch.f32", "<f4").shape == (len(desc["patch"]["patches"]) * width,)
    assert np.fromfile(golden / "text.f32", "<f4").shape == (3 * width,)
    assert len(desc["text"]["captions"]) == 3 and (golden / "input.png").is_file()
    assert sum(p.stat().st_size for p in golden.iterdir()) < 500_000


def test_the_typescript_validator_accepts_the_export(bundle) -> None:
    """The app's own validator (src/bundle, via `lexvla validate`) is the judge of the format, not
    this package's idea of it: a bundle the browser would refuse must fail CI here."""
    _, out, manifest, _ = bundle
    assert_app_validates(out, manifest)


def assert_app_validates(out, manifest) -> None:
    """`lexvla validate OUT` (the app's validator, ONNX graphs included) accepts the bundle."""
    node = shutil.which("node")
    assert node, "node is not on PATH: `lexvla validate` (cli/bin.mjs) needs Node.js"
    env = {**os.environ, "ONNXRUNTIME_NODE_INSTALL": "skip"}
    r = subprocess.run([node, "cli/bin.mjs", "validate", str(out)], cwd=REPO_ROOT, env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, f"lexvla validate {out} exited {r.returncode}:\n{r.stderr}"
    assert r.stdout.startswith(f"{out}: ok — {manifest['name']} ({manifest['kind']}, "), r.stdout


def test_dense_word_table_is_the_text_graph_on_every_vocabulary_word(bundle) -> None:
    """words/embeddings.bin holds text.onnx's output for each vocabulary word given as its own token
    (template "{token}": <s>, then the word's token id), as int8 with a scale per row: each entry
    within half its row's scale (the rounding) + 1e-5 (onnxruntime against the same fp16 weights)."""
    model, out, manifest, _ = bundle
    if model == "lexvla":
        assert "wordEmbeddings" not in manifest and not (out / "words").exists()
        return
    ort = pytest.importorskip("onnxruntime", reason="the check runs text.onnx in onnxruntime (Python)")
    from lexvla.vocab import Vocabulary
    from lexvla.word_table import read_word_table

    spec = manifest["wordEmbeddings"]
    vocab = Vocabulary.load()
    assert spec == {"file": "words/embeddings.bin", "vocabulary": {"file": "words/vocab.json", "size": vocab.size, "rule": vocab.rule},
                    "shape": [vocab.size, 32], "dtype": "int8", "scale": "row", "template": "{token}"}
    assert (out / spec["file"]).stat().st_size == 4 * vocab.size + vocab.size * 32
    words, table = read_word_table(out, spec)
    assert words == vocab.words
    scales = np.frombuffer((out / spec["file"]).read_bytes(), "<f4", count=vocab.size)
    session = ort.InferenceSession(str(out / "text.onnx"), providers=["CPUExecutionProvider"])
    length = manifest["text"]["maxLength"]
    for word in ["dog", "cat", "the", "oon", vocab.words[-1]]:
        i = vocab.words.index(word)
        ids = np.zeros((1, length), np.int64)
        mask = np.zeros((1, length), np.int64)
        ids[0, :2] = [1, vocab.token_ids[i]]  # <s> is id 1 in the Llama-2 tokenizer
        mask[0, :2] = 1
        ref = session.run(None, {"input_ids": ids, "attention_mask": mask})[0][0]
        assert np.abs(table[i] - ref).max() <= scales[i] / 2 + 1e-5, word
        assert scales[i] == pytest.approx(np.abs(ref).max() / 127, rel=1e-3)

"""The int8 variant of the vision graph (lexvla/quantize.py, manifest vision.variants): written next
to the exact graph with its weights in external data, listed in the manifest, and keeping the
trained tiny model's top words on held-out scenes (no timing here: `lexvla bench-variants`)."""
import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest

from lexvla.data import make_scenes
from lexvla.export import export
from lexvla.manifest import vision_spec
from lexvla.preprocess import preprocess_array
from lexvla.quantize import INT8_DATA, INT8_FILE, int8_variant
from lexvla.vocab import REPO_ROOT

RUN = REPO_ROOT / "runs" / "lexvla-tiny"  # the trained run the shipped lexvla-tiny bundle comes from
SCENES = 8
TOP = 10


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("int8") / "lexvla-tiny-int8"
    manifest = export(RUN, out, fp16=True, gallery_count=0, eval_count=0, golden_root=None, int8=True)
    return out, manifest


def test_the_manifest_lists_the_variant_and_its_files(bundle) -> None:
    out, manifest = bundle
    assert manifest["vision"]["variants"] == [int8_variant()]
    assert manifest["vision"]["variants"][0]["externalData"] == [INT8_DATA]
    listed = {f["path"] for f in manifest["files"]}
    assert {INT8_FILE, INT8_DATA, "vision.onnx"} <= listed
    assert json.loads((out / "manifest.json").read_text()) == manifest


def test_a_manifest_without_variants_has_no_variants_field() -> None:
    spec = vision_spec("fp16", {"name": "x"}, {"patch": {"name": "p"}})
    assert "variants" not in spec
    assert vision_spec("fp16", {"name": "x"}, {}, variants=[int8_variant()])["variants"][0]["name"] == "int8"


def test_the_variant_has_int8_matmuls_the_exact_graph_s_tensors_and_external_weights(bundle) -> None:
    out, _ = bundle
    graph = onnx.load(str(out / INT8_FILE), load_external_data=False)
    ops = {n.op_type for n in graph.graph.node}
    assert {"MatMulInteger", "DynamicQuantizeLinear"} <= ops
    assert [o.name for o in graph.graph.output] == ["patch_scores", "global"]
    assert [i.name for i in graph.graph.input] == ["pixel_values"]
    external = [t for t in graph.graph.initializer if t.data_location == onnx.TensorProto.EXTERNAL]
    assert external and {e.value for t in external for e in t.external_data if e.key == "location"} == {INT8_DATA}
    assert graph.ir_version <= 10 and {(o.domain, o.version) for o in graph.opset_import} == {("", 17)}


def test_the_variant_keeps_the_trained_model_s_top_words(bundle) -> None:
    """Measured on these 8 scenes (onnxruntime 1.32, CPU): 79 of the 80 top-10 global words are the
    exact graph's, the strongest word never changes, and the best word of a patch is the exact
    graph's for 98.0% of patches; the thresholds leave room for other CPUs' kernels. The order within the top 10 is not asserted:
    swaps between near-equal words are what int8 costs (docs/benchmarks.md, "Vision graph variants")."""
    out, manifest = bundle
    spec = manifest["preprocess"]
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    exact = ort.InferenceSession(str(out / "vision.onnx"), options)
    int8 = ort.InferenceSession(str(out / INT8_FILE), options)
    scenes = make_scenes(0)
    overlap, patch_best = [], []
    for i in range(SCENES):
        image = scenes.scene("test", i).image
        rgba = np.concatenate([image, np.full(image.shape[:2] + (1,), 255, np.uint8)], axis=2)
        x = preprocess_array(rgba, spec)[0].astype(np.float32)
        (pa, ga), (pb, gb) = exact.run(None, {"pixel_values": x}), int8.run(None, {"pixel_values": x})
        top_a, top_b = np.argsort(-ga[0], kind="stable")[:TOP], np.argsort(-gb[0], kind="stable")[:TOP]
        overlap.append(len(set(top_a) & set(top_b)) / TOP)
        patch_best.append(np.mean(pa[0].argmax(axis=1) == pb[0].argmax(axis=1)))
        assert top_a[0] == top_b[0], f"scene {i}: the strongest word changed"
    assert np.mean(overlap) >= 0.95, overlap
    assert np.mean(patch_best) >= 0.95, patch_best

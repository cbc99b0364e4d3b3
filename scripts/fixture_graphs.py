"""ONNX graphs of the hand-weighted colour fixtures (used by scripts/make_fixture_bundle.py).

Both graphs take pixel_values float32 [1, 3, 224, 224] in [0, 1] (rescale 1/255, mean 0, std 1)
and average each 14 x 14 patch into its mean colour c_p, float32 [1, 256, 3].
Lexical: logits_w = max(A - B * ||c_p - proto_w||^2, FLOOR); scores = ELU(logits) + 1.
Dense:   patch embedding = c_p / ||c_p|| (c_p + EPS so black has a direction).
"""
from __future__ import annotations

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
PATCH = 14
GRID = 16
# A = 3, B = 8: an exact colour scores ELU(3) + 1 = 4; a colour at squared distance 0.25
# (e.g. red -> orange or maroon) scores ELU(1) + 1 = 2, above the 1/sqrt(V) threshold but
# half as strong; at distance >= 0.5 the score is <= e^-1 = 0.37, i.e. well below.
A = 3.0
B = 8.0
# Floor on logits so far-away words keep a small positive score (e^-8 = 3.4e-4) instead of
# underflowing to exactly 0 in float32: ELU1p scores are > 0 by definition.
FLOOR = -8.0
EPS = 1e-6


def _pooled_colours(nodes: list, inits: list) -> str:
    """Appends nodes computing the per-patch mean colour; returns its name, float32 [1, 256, 3]."""
    inits.append(numpy_helper.from_array(np.array([1, 3, GRID * GRID], dtype=np.int64), "shape_pooled"))
    nodes += [
        helper.make_node("AveragePool", ["pixel_values"], ["pooled"], kernel_shape=[PATCH, PATCH], strides=[PATCH, PATCH]),
        helper.make_node("Reshape", ["pooled", "shape_pooled"], ["pooled_flat"]),  # [1, 3, 256]
        helper.make_node("Transpose", ["pooled_flat"], ["colours"], perm=[0, 2, 1]),  # [1, 256, 3]
    ]
    return "colours"


def _model(nodes, inits, outputs, name: str) -> onnx.ModelProto:
    size = PATCH * GRID
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, [1, 3, size, size])],
        outputs, initializer=inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="scripts/make_fixture_bundle.py")
    model.ir_version = 8  # onnxruntime 1.30 reads IR <= 10; 8 is what opset 17 shipped with
    onnx.checker.check_model(model, full_check=True)
    return model


def lexical_model(protos: np.ndarray) -> onnx.ModelProto:
    """protos float32 [V, 3] -> outputs patch_scores [1, 256, V] and global [1, V]."""
    v = protos.shape[0]
    nodes: list = []
    inits = [
        numpy_helper.from_array(protos.astype(np.float32), "prototypes"),
        numpy_helper.from_array(np.array([1, GRID * GRID, 1, 3], dtype=np.int64), "shape_c4"),
        numpy_helper.from_array(np.array([-1], dtype=np.int64), "axis_last"),
        numpy_helper.from_array(np.array(-B, dtype=np.float32), "neg_b"),
        numpy_helper.from_array(np.array(A, dtype=np.float32), "a"),
        numpy_helper.from_array(np.array(FLOOR, dtype=np.float32), "floor"),
        numpy_helper.from_array(np.array(1.0, dtype=np.float32), "one"),
    ]
    colours = _pooled_colours(nodes, inits)
    nodes += [
        helper.make_node("Reshape", [colours, "shape_c4"], ["c4"]),  # [1, 256, 1, 3]
        helper.make_node("Sub", ["c4", "prototypes"], ["diff"]),  # [1, 256, V, 3]
        helper.make_node("Mul", ["diff", "diff"], ["sq"]),
        helper.make_node("ReduceSum", ["sq", "axis_last"], ["dist2"], keepdims=0),  # [1, 256, V]
        helper.make_node("Mul", ["dist2", "neg_b"], ["scaled"]),
        helper.make_node("Add", ["scaled", "a"], ["raw_logits"]),
        helper.make_node("Max", ["raw_logits", "floor"], ["logits"]),
        helper.make_node("Elu", ["logits"], ["elu"], alpha=1.0),
        helper.make_node("Add", ["elu", "one"], ["patch_scores"]),
        helper.make_node("ReduceMax", ["patch_scores"], ["pooled_max"], axes=[1], keepdims=0),  # [1, V]
        helper.make_node("LpNormalization", ["pooled_max"], ["global"], axis=-1, p=2),
    ]
    outputs = [
        helper.make_tensor_value_info("patch_scores", TensorProto.FLOAT, [1, GRID * GRID, v]),
        helper.make_tensor_value_info("global", TensorProto.FLOAT, [1, v]),
    ]
    return _model(nodes, inits, outputs, "colour_lexical_fixture")


def dense_model() -> onnx.ModelProto:
    """Outputs patch_embeddings [1, 256, 3] and global [1, 3], both L2-normalised colours."""
    nodes: list = []
    inits = [numpy_helper.from_array(np.array(EPS, dtype=np.float32), "eps")]
    colours = _pooled_colours(nodes, inits)
    nodes += [
        helper.make_node("Add", [colours, "eps"], ["shifted"]),
        helper.make_node("LpNormalization", ["shifted"], ["patch_embeddings"], axis=-1, p=2),
        helper.make_node("ReduceMean", ["shifted"], ["mean_colour"], axes=[1], keepdims=0),  # [1, 3]
        helper.make_node("LpNormalization", ["mean_colour"], ["global"], axis=-1, p=2),
    ]
    outputs = [
        helper.make_tensor_value_info("patch_embeddings", TensorProto.FLOAT, [1, GRID * GRID, 3]),
        helper.make_tensor_value_info("global", TensorProto.FLOAT, [1, 3]),
    ]
    return _model(nodes, inits, outputs, "colour_dense_fixture")

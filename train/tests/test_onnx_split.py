"""Wide MatMul weights split by columns (onnx_export.split_wide_matmuls) compute the same values,
and the explorer's lean session options (src/model/runtime.ts sessionOptions) keep float16 weights
float16 in onnxruntime's optimized graph."""
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

from lexvla.onnx_export import split_wide_matmuls, weights_to_fp16

RNG = np.random.default_rng(0)


def graph(wide: np.ndarray, shared: np.ndarray) -> onnx.ModelProto:
    """y = x @ wide, z = (x @ shared) + (x @ shared): the shared weight is read by two MatMuls."""
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3, 8])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3, wide.shape[1]])
    z = helper.make_tensor_value_info("z", TensorProto.FLOAT, [2, 3, shared.shape[1]])
    nodes = [helper.make_node("MatMul", ["x", "wide"], ["y"], name="wide_mm"),
             helper.make_node("MatMul", ["x", "shared"], ["a"], name="a_mm"),
             helper.make_node("MatMul", ["x", "shared"], ["b"], name="b_mm"),
             helper.make_node("Add", ["a", "b"], ["z"], name="add")]
    inits = [numpy_helper.from_array(wide, "wide"), numpy_helper.from_array(shared, "shared")]
    model = helper.make_model(helper.make_graph(nodes, "g", [x], [y, z], inits),
                              opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model


def run(model: onnx.ModelProto, x: np.ndarray, options: ort.SessionOptions = None):
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    return session.run(["y", "z"], {"x": x})


def lean_options(optimized: Path = None) -> ort.SessionOptions:
    """The options sessionOptions gives a large float16 graph on the CPU devices."""
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    options.add_session_config_entry("session.disable_prepacking", "1")
    options.add_session_config_entry("optimization.disable_specified_optimizers", "ConstantFolding")
    if optimized is not None:
        options.optimized_model_filepath = str(optimized)
    return options


def test_a_wide_weight_is_split_into_column_slices_with_the_same_values() -> None:
    wide = RNG.standard_normal((8, 100)).astype(np.float32)
    shared = RNG.standard_normal((8, 100)).astype(np.float32)
    x = RNG.standard_normal((2, 3, 8)).astype(np.float32)
    before = run(graph(wide, shared), x)
    model = split_wide_matmuls(graph(wide, shared), max_bytes=800)  # 3,200 bytes -> 4 slices of 25 columns
    onnx.checker.check_model(model)
    ops = [n.op_type for n in model.graph.node]
    assert ops.count("MatMul") == 4 + 2 and ops.count("Concat") == 1  # the shared weight is left whole
    slices = [numpy_helper.to_array(i) for i in model.graph.initializer if i.name.startswith("wide")]
    assert [s.shape for s in slices] == [(8, 25)] * 4
    np.testing.assert_array_equal(np.concatenate(slices, axis=1), wide)
    after = run(model, x)
    np.testing.assert_allclose(after[0], before[0], rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(after[1], before[1])


def test_a_weight_within_the_limit_is_left_whole() -> None:
    model = split_wide_matmuls(graph(RNG.standard_normal((8, 10)).astype(np.float32),
                                     RNG.standard_normal((8, 10)).astype(np.float32)), max_bytes=320)
    assert [n.op_type for n in model.graph.node] == ["MatMul", "MatMul", "MatMul", "Add"]


def test_lean_options_keep_half_weights_half_and_compute_the_same(tmp_path) -> None:
    wide = RNG.standard_normal((8, 2048)).astype(np.float32)
    shared = RNG.standard_normal((8, 1024)).astype(np.float32)
    x = RNG.standard_normal((2, 3, 8)).astype(np.float32)
    half = weights_to_fp16(split_wide_matmuls(graph(wide, shared), max_bytes=32768))  # 65,536 bytes -> 2 slices
    default = run(half, x)
    lean = run(half, x, lean_options(tmp_path / "lean.onnx"))
    for a, b in zip(lean, default):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-5)
    rounded = wide.astype(np.float16).astype(np.float32)
    np.testing.assert_allclose(lean[0], x @ rounded, rtol=1e-5, atol=1e-4)
    optimized = onnx.load(str(tmp_path / "lean.onnx"))
    assert {i.data_type for i in optimized.graph.initializer if i.name.startswith(("wide", "shared"))} == {TensorProto.FLOAT16}
    assert sum(n.op_type == "Cast" for n in optimized.graph.node) == 3
    # Without them, onnxruntime folds the Casts into float32 copies of the weights.
    options = ort.SessionOptions()
    options.optimized_model_filepath = str(tmp_path / "default.onnx")
    run(half, x, options)
    folded = onnx.load(str(tmp_path / "default.onnx"))
    assert not any(n.op_type == "Cast" for n in folded.graph.node)

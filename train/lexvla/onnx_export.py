"""ONNX graphs for the bundle: vision.onnx and text.onnx, optionally with fp16 weights.

Inputs and outputs stay float32 (int64 for token ids); with fp16, each large float initializer
is stored as float16 and a Cast to float32 follows it, so the graph computes in float32 and
only the download shrinks."""
from __future__ import annotations

import inspect
import tempfile
import warnings
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper
from torch import Tensor, nn

from .lexical import l2norm

OPSET = 17
# onnxruntime-web 1.30 (the explorer's runtime) reads models up to IR version 10. torch 2.13's
# TorchScript exporter writes IR 8 at opset 17; cap_ir_version (applied to every exported graph)
# keeps a newer exporter or onnx from producing a graph the browser refuses.
MAX_IR_VERSION = 10
FP16_MIN_ELEMENTS = 1024  # smaller tensors (norms, biases) stay fp32: no size gain worth a Cast
# Graphs whose weights pass this size keep them in external data (<graph>.data, listed in the
# manifest's externalData): onnxruntime-web then copies them into its WebAssembly memory once,
# where a graph holding them inline is copied whole and parsed into a second copy. On the
# paper-sized fp16 vision graph: a browser peak of 2.85 GB against 3.69 GB (docs/benchmarks.md,
# "Vision graph variants"). The shipped tiny graphs (4-10 MB) stay single files.
EXTERNAL_MIN_BYTES = 64 << 20
# With fp16 weights, each MatMul weight is cast to float32 at every run when the explorer keeps the
# weights in float16 (src/model/runtime.ts, graphs over 64 MB): the Cast's output is a transient
# float32 copy. A weight whose float32 copy passes this size is split by columns into MatMuls of at
# most this size, joined by a Concat, so one slice is cast at a time. On the paper-sized mapper
# (4096 x 19,545, 320 MB in float32): 10 slices.
MAX_CAST_BYTES = 32 << 20


class LexicalVisionGraph(nn.Module):
    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.vision = model.vision

    def forward(self, pixel_values: Tensor) -> Tuple[Tensor, Tensor]:
        scores = self.vision.patch_scores(pixel_values)  # [1, 256, V] ELU1p
        return scores, l2norm(scores.amax(dim=1))  # global [1, V]


class DenseVisionGraph(nn.Module):
    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.vision = model.vision

    def forward(self, pixel_values: Tensor) -> Tuple[Tensor, Tensor]:
        glob, patches = self.vision(pixel_values)
        return patches, glob  # [1, 256, D], [1, D]


class TextGraph(nn.Module):
    """lexical: ELU1p text scores [1, V] (normalised in TS); dense: L2-normalised [1, D]."""

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.text = model.text

    def forward(self, input_ids: Tensor, attention_mask: Tensor) -> Tensor:
        return self.text(input_ids, attention_mask)


def promote_buffers(model: nn.Module) -> None:
    """Turn non-persistent float buffers (the frozen Z_txt) into frozen Parameters. The exporter
    writes buffers outside the state dict as Constant nodes, and then stores Z_txt twice (once
    transposed for the MatMul); as a Parameter it is one initializer shared by Gather and Gemm."""
    for module in model.modules():
        for name, buf in list(module.named_buffers(recurse=False)):
            if buf.is_floating_point() and name in module._non_persistent_buffers_set:
                del module._buffers[name]
                module._non_persistent_buffers_set.discard(name)
                module.register_parameter(name, nn.Parameter(buf, requires_grad=False))


def torchscript_export(module: nn.Module, args: Tuple, path: Path, input_names: Sequence[str],
                       output_names: Sequence[str]) -> None:
    """torch.onnx.export with the TorchScript exporter at OPSET, under torch 1.13 .. 2.x. Since
    torch 2.9 the default is the dynamo (torch.export) exporter, which needs onnxscript and
    writes other op patterns at a newer default opset; dynamo=False keeps the graphs this repository is tested with
    (and that onnxruntime-web 1.30 runs). Its deprecation warning is expected, so it is silenced."""
    kwargs = {"opset_version": OPSET, "input_names": list(input_names), "output_names": list(output_names),
              "do_constant_folding": True}
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    with torch.no_grad(), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*legacy TorchScript-based ONNX export.*")
        warnings.filterwarnings("ignore", message="The feature will be removed", category=DeprecationWarning)
        torch.onnx.export(module, args, str(path), **kwargs)


def cap_ir_version(model: onnx.ModelProto) -> onnx.ModelProto:
    """Lower the IR version to MAX_IR_VERSION where an exporter wrote a newer one (IR 10 covers
    every feature opset 17 graphs use); a graph at or below it is left as it is."""
    if model.ir_version > MAX_IR_VERSION:
        model.ir_version = MAX_IR_VERSION
    return model


def output_names(kind: str) -> Dict[str, List[str]]:
    if kind == "lexical":
        return {"vision": ["patch_scores", "global"], "text": ["text_scores"]}
    return {"vision": ["patch_embeddings", "global"], "text": ["text_embedding"]}


def export_graphs(model: nn.Module, kind: str, max_length: int, out_dir: Path, fp16: bool,
                  int8: bool = False) -> Dict[str, Path]:
    """Write vision.onnx and text.onnx into out_dir; returns their paths. int8: also the vision
    graph's int8 variant (lexvla/quantize.py), under "vision_int8", quantized from the float32
    graph before any fp16 conversion."""
    model = model.eval().float()
    promote_buffers(model)
    names = output_names(kind)
    vision = LexicalVisionGraph(model) if kind == "lexical" else DenseVisionGraph(model)
    paths = {"vision": out_dir / "vision.onnx", "text": out_dir / "text.onnx"}
    pixels = torch.zeros(1, 3, model.cfg.image_size, model.cfg.image_size)
    ids = torch.zeros(1, max_length, dtype=torch.long)
    mask = torch.zeros(1, max_length, dtype=torch.long)
    mask[0, :3] = 1
    with torch.no_grad():
        shapes = {"vision": [list(t.shape) for t in vision(pixels)], "text": [list(TextGraph(model)(ids, mask).shape)]}
    torchscript_export(vision, (pixels,), paths["vision"], ["pixel_values"], names["vision"])
    torchscript_export(TextGraph(model), (ids, mask), paths["text"], ["input_ids", "attention_mask"], names["text"])
    for key, path in list(paths.items()):
        graph = cap_ir_version(onnx.load(str(path)))
        static_output_shapes(graph, shapes[key])
        if int8 and key == "vision":
            paths["vision_int8"] = int8_from(graph, out_dir)
        if fp16:
            graph = weights_to_fp16(split_wide_matmuls(graph, MAX_CAST_BYTES))
        onnx.checker.check_model(graph)
        if sum(init.ByteSize() for init in graph.graph.initializer) > EXTERNAL_MIN_BYTES:
            data = path.parent / external_data_name(path)
            data.unlink(missing_ok=True)  # onnx appends to an existing data file
            onnx.save_model(graph, str(path), save_as_external_data=True, all_tensors_to_one_file=True,
                            location=data.name, size_threshold=1024)
            data.chmod(0o644)  # onnx creates it readable by its owner only; bundles are served as they are
        else:
            onnx.save(graph, str(path))
    return paths


def external_data_name(graph: Path) -> str:
    """The external-data file of a graph written by export_graphs or quantize_int8: beside it."""
    return graph.name + ".data"


def external_files(graph: Path) -> List[str]:
    """The graph's external-data files as the manifest lists them (relative to the graph's folder)."""
    return [external_data_name(graph)] if (graph.parent / external_data_name(graph)).exists() else []


def int8_from(graph: onnx.ModelProto, out_dir: Path) -> Path:
    """The int8 variant of a float32 graph, written next to it (quantize_dynamic reads a file)."""
    from .quantize import INT8_FILE, quantize_int8  # quantize imports this module

    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "vision.fp32.onnx"
        onnx.save(graph, str(fp32))
        quantize_int8(fp32, out_dir / INT8_FILE)
    return out_dir / INT8_FILE


def static_output_shapes(model: onnx.ModelProto, shapes: List[List[int]]) -> None:
    """The graphs have static shapes (no dynamic axes), but ONNX shape inference can leave an
    output dim symbolic (e.g. "Addtext_scores_dim_1"); write the shapes PyTorch produced."""
    for value, shape in zip(model.graph.output, shapes):
        dims = value.type.tensor_type.shape.dim
        if len(dims) != len(shape):
            raise ValueError(f"ONNX output {value.name} has rank {len(dims)}, PyTorch produced shape {shape}")
        for dim, size in zip(dims, shape):
            if dim.HasField("dim_value") and dim.dim_value != size:
                raise ValueError(f"ONNX output {value.name} has shape dim {dim.dim_value}, PyTorch produced {size}")
            dim.dim_value = size


def split_wide_matmuls(model: onnx.ModelProto, max_bytes: int) -> onnx.ModelProto:
    """Split each MatMul whose weight is a float32 initializer [K, N] over max_bytes, used by that
    MatMul only, into MatMuls over column slices of at most max_bytes, joined by a Concat on the
    last axis. Every output value is the same dot product over K as before."""
    graph = model.graph
    inits = {init.name: init for init in graph.initializer}
    uses: Dict[str, int] = {}
    for node in graph.node:
        for name in node.input:
            uses[name] = uses.get(name, 0) + 1
    nodes = []
    for node in graph.node:
        init = inits.get(node.input[1]) if node.op_type == "MatMul" else None
        if (init is None or init.data_type != TensorProto.FLOAT or len(init.dims) != 2
                or uses[init.name] != 1 or init.dims[0] * init.dims[1] * 4 <= max_bytes):
            nodes.append(node)
            continue
        weight = numpy_helper.to_array(init)
        parts = -(-weight.size * 4 // max_bytes)
        bounds = np.linspace(0, weight.shape[1], parts + 1).astype(int)
        outputs = []
        for i, (lo, hi) in enumerate(zip(bounds[:-1], bounds[1:])):
            name = f"{init.name}__cols{i}"
            graph.initializer.append(numpy_helper.from_array(np.ascontiguousarray(weight[:, lo:hi]), name))
            outputs.append(f"{node.output[0]}__cols{i}")
            nodes.append(helper.make_node("MatMul", [node.input[0], name], [outputs[-1]], name=f"{node.name}__cols{i}"))
        nodes.append(helper.make_node("Concat", outputs, [node.output[0]], axis=-1, name=f"{node.name}__concat"))
        graph.initializer.remove(init)
    del graph.node[:]
    graph.node.extend(nodes)
    return model


def weights_to_fp16(model: onnx.ModelProto) -> onnx.ModelProto:
    """Store float32 initializers with >= FP16_MIN_ELEMENTS values as float16 + Cast(to float32)."""
    graph = model.graph
    casts = []
    kept = []
    for init in graph.initializer:
        array = numpy_helper.to_array(init)
        if init.data_type != TensorProto.FLOAT or array.size < FP16_MIN_ELEMENTS:
            kept.append(init)
            continue
        half_name = init.name + "__fp16"
        kept.append(numpy_helper.from_array(array.astype(np.float16), half_name))
        casts.append(helper.make_node("Cast", [half_name], [init.name], to=TensorProto.FLOAT,
                                      name=init.name + "__cast"))
    del graph.initializer[:]
    graph.initializer.extend(kept)
    # Casts first keeps the node list topologically sorted. (Each Cast just before its first reader
    # was tried: onnxruntime orders the nodes itself, and the lean runtime's plan grew by 0.3 GB on
    # the paper-sized graph.)
    nodes = casts + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    return model


def tensor_specs(path: Path) -> Dict[str, Dict]:
    """name -> {name, shape, dtype} for the graph's inputs and outputs (TensorSpec in types.ts),
    without loading external weights (a real-scale graph's can exceed 2 GB)."""
    dtypes = {TensorProto.FLOAT: "float32", TensorProto.FLOAT16: "float16",
              TensorProto.INT64: "int64", TensorProto.INT32: "int32"}
    graph = onnx.load(str(path), load_external_data=False).graph
    specs = {}
    for value in list(graph.input) + list(graph.output):
        t = value.type.tensor_type
        shape = [d.dim_value if d.HasField("dim_value") else d.dim_param for d in t.shape.dim]
        specs[value.name] = {"name": value.name, "shape": shape, "dtype": dtypes[t.elem_type]}
    return specs

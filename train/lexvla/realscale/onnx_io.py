"""torch -> ONNX for real-scale graphs: the TorchScript exporter where present (torch 1.13 .. 2.x,
opset 17, which onnxruntime-web 1.30 runs), fp16 weight storage, and external data over 2 GB."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import onnx
import torch
from torch import nn

from ..onnx_export import OPSET, cap_ir_version, tensor_specs, torchscript_export, weights_to_fp16  # noqa: F401

PROTO_LIMIT = 2 * 1024**3  # protobuf's 2 GiB message limit: larger graphs need external data


def torch_export(module: nn.Module, args: Tuple, path: Path, inputs: Sequence[str], outputs: Sequence[str]) -> None:
    """The TorchScript exporter at opset 17 (torch 2.9+ defaults to the dynamo one): what the rest
    of this repository (Cast-based fp16, onnxruntime-web 1.30) is tested with."""
    torchscript_export(module, args, path, inputs, outputs)


def save_graph(model: onnx.ModelProto, path: Path, fp16: bool, force_external: bool = False) -> List[str]:
    """Write `model` (initializers loaded) to path, fp16-stored if asked. Over 2 GiB (or forced),
    the weights go to one external file beside it. -> the external file names (bundle-relative to
    path's folder), empty when none."""
    model = cap_ir_version(model)
    if fp16:
        model = weights_to_fp16(model)
    size = sum(init.ByteSize() for init in model.graph.initializer)
    external = force_external or size > PROTO_LIMIT - 64 * 1024**2  # headroom for the graph itself
    data_name = path.name + ".data"
    if external:
        onnx.save_model(model, str(path), save_as_external_data=True, all_tensors_to_one_file=True,
                        location=data_name, size_threshold=1024)
    else:
        onnx.save_model(model, str(path))
    onnx.checker.check_model(str(path))  # by path: works past 2 GiB
    return [data_name] if external else []


def export_graph(module: nn.Module, args: Tuple, path: Path, inputs: Sequence[str], outputs: Sequence[str],
                 fp16: bool, force_external: bool = False) -> List[str]:
    """Export through a scratch folder (a > 2 GiB export scatters one file per tensor), then
    re-save as one .onnx (+ one .onnx.data when needed)."""
    scratch = Path(tempfile.mkdtemp(prefix="lexvla-onnx-"))
    try:
        raw = scratch / "raw.onnx"
        torch_export(module, args, raw, inputs, outputs)
        model = onnx.load(str(raw))  # loads external data from scratch/ if the exporter wrote any
        return save_graph(model, path, fp16, force_external)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)



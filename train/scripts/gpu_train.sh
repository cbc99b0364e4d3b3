#!/usr/bin/env bash
# Trains the three tiny models the explorer ships, with the same data and step budget:
#   lexvla-tiny        LexVLA, overuse penalty
#   lexvla-tiny-flops  LexVLA, FLOPs penalty (the paper's Fig. 6 ablation)
#   clip-tiny          CLIP-style dense baseline
# on one CUDA GPU (PyTorch 2.x), sequentially, writing $OUT/<name>/{model.pt,config.json,log.jsonl}
# and $OUT/<name>.log. Export runs later on the CPU machine:
#   python3 -m lexvla.export --ckpt $OUT/lexvla-tiny --out public/models/lexvla-tiny --fp16
# Run from the repo root. Needs node_modules/emoji-datasource-google/img/google/64 in the copy
# (scene images); the tokenizer is data/vocab/llama2-tokenizer.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="${OUT:-runs}"
STEPS="${STEPS:-1200}"     # per model: ~10 steps/s at batch 256 on an H200 (measured, 400-step runs) -> ~7 min for all three
BATCH="${BATCH:-256}"
WORKERS="${WORKERS:-14}"   # the scene generator is CPU-bound: leave 2 of 16 cores to the trainer
PY="${PY:-python3}"
ONLY="${ONLY:-lexvla-tiny lexvla-tiny-flops clip-tiny}"
EXTRA="${EXTRA:-}"        # extra lexvla.train flags, e.g. "--lambda-img 0.1 --lambda-txt 0.1"
export PYTHONPATH="train:data${PYTHONPATH:+:$PYTHONPATH}"
mkdir -p "$OUT"
"$PY" -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else '')"

TIME_LIMIT="${TIME_LIMIT:-0}"  # seconds per model (lexvla.train --time-limit); 0 = all STEPS
PARALLEL="${PARALLEL:-0}"      # 1: train the models at the same time, sharing the GPU and the cores
common=(--config tiny --steps "$STEPS" --batch "$BATCH" --device cuda --workers "$WORKERS" --seed 0
        --val-scenes 512 --log-every 50 --val-every 500 --time-limit "$TIME_LIMIT")
run_one() {
  local name=$1; shift
  local start; start=$(date +%s)
  "$PY" -m lexvla.train "${common[@]}" "$@" ${EXTRA:-} --out "$OUT/$name" > "$OUT/$name.log" 2>&1
  local rc=$?
  echo "$name: rc=$rc, $(( $(date +%s) - start )) s" | tee -a "$OUT/times.txt"
  tail -n 3 "$OUT/$name.log"
}
for name in $ONLY; do
  case "$name" in
    lexvla-tiny)       args=(--model lexvla --penalty overuse) ;;
    lexvla-tiny-flops) args=(--model lexvla --penalty flops) ;;
    clip-tiny)         args=(--model clip) ;;
    # The recipe prepared for the next GPU session (docs/training.md, "What went wrong"): grounded
    # text read-out, CLIP-tiny's backbone frozen (run clip-tiny first, without PARALLEL).
    lexvla-tiny-grounded) args=(--model lexvla --config tiny-grounded --penalty overuse
                                --init-backbone "$OUT/clip-tiny" --freeze-backbone
                                --lambda-img 0.01 --lambda-txt 0.01) ;;
    *) echo "gpu_train.sh: unknown model name '$name', expected lexvla-tiny, lexvla-tiny-flops, clip-tiny or lexvla-tiny-grounded" >&2; exit 2 ;;
  esac
  if [ "$PARALLEL" = 1 ]; then run_one "$name" "${args[@]}" & else run_one "$name" "${args[@]}"; fi
done
wait

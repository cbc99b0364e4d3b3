#!/usr/bin/env bash
# Trains the tiny models the explorer ships, from the repo root, sequentially:
#   clip-tiny          CLIP-style dense baseline; its ViT is trained from scratch
#   lexvla-tiny        LexVLA (overuse penalty) on CLIP-tiny's ViT, frozen, as LexVLA freezes DINOv2
#   lexvla-tiny-flops  the same with the FLOPs penalty (the paper's Fig. 6 ablation)
# writing $OUT/<name>/{model.pt,config.json,log.jsonl}, $OUT/<name>.log and $OUT/times.txt.
# Defaults are the shipped recipe on the 2-core CPU machine (about 32 + 34 + 34 minutes, see
# docs/training.md); DEVICE=cuda runs the same recipe on a GPU in minutes. Then export:
#   python3 -m lexvla.export --ckpt $OUT/lexvla-tiny --out public/models/lexvla-tiny --fp16 ...
# (the exact export commands are in docs/training.md and each bundle's provenance).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="${OUT:-runs}"
DEVICE="${DEVICE:-cpu}"
PY="${PY:-/usr/bin/python3}"             # Debian's python3-torch (see docs/training.md)
ONLY="${ONLY:-clip-tiny lexvla-tiny lexvla-tiny-flops}"
WORKERS="${WORKERS:-2}"                  # scene-generator processes
THREADS="${THREADS:-2}"                  # torch CPU threads
CLIP_STEPS="${CLIP_STEPS:-650}"          # ~2.9 s/step at batch 64 on the 2-core CPU (runs/clip-tiny/config.json)
LEX_STEPS="${LEX_STEPS:-800}"            # ~2.2 s/step on the 2-core CPU (runs/lexvla-tiny/config.json)
TIME_LIMIT="${TIME_LIMIT:-3300}"         # seconds per model: a run stops (validates, saves) by 55 min
EXTRA="${EXTRA:-}"                       # extra lexvla.train flags for every model
export PYTHONPATH="train:data${PYTHONPATH:+:$PYTHONPATH}"
mkdir -p "$OUT"

common=(--batch 64 --device "$DEVICE" --workers "$WORKERS" --threads "$THREADS" --seed 0
        --val-scenes 256 --log-every 10 --time-limit "$TIME_LIMIT")
lexical=(--model lexvla --config tiny-grounded --steps "$LEX_STEPS" --lr 1e-3
         --init-backbone "$OUT/clip-tiny" --freeze-backbone --freeze-text --vocab-sample 1024
         --lambda-img 0.1 --lambda-txt 0.01 --val-every 500)
run_one() {
  local name=$1; shift
  local start; start=$(date +%s)
  "$PY" -m lexvla.train "${common[@]}" "$@" ${EXTRA} --out "$OUT/$name" > "$OUT/$name.log" 2>&1
  echo "$name: $(( $(date +%s) - start )) s on $DEVICE" | tee -a "$OUT/times.txt"
  tail -n 2 "$OUT/$name.log"
}
for name in $ONLY; do
  case "$name" in
    clip-tiny)         run_one "$name" --model clip --config tiny --steps "$CLIP_STEPS" --lr 7e-4 --val-every 325 ;;
    lexvla-tiny)       run_one "$name" "${lexical[@]}" --penalty overuse ;;
    lexvla-tiny-flops) run_one "$name" "${lexical[@]}" --penalty flops ;;
    *) echo "train_tiny.sh: unknown model name '$name', expected clip-tiny, lexvla-tiny or lexvla-tiny-flops" >&2; exit 2 ;;
  esac
done

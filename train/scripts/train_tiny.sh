#!/usr/bin/env bash
# Trains the tiny models the explorer ships, from the repo root, one after the other:
#   lexvla-tiny        LexVLA (overuse penalty): residual CNN + adapter + mapper, end to end
#   clip-tiny          the CLIP-style dense baseline: the same CNN and adapter, data and budget
#   lexvla-tiny-flops  (only when named in ONLY) LexVLA with the FLOPs penalty instead; the
#                      shipped penalty comparison is the shorter pair in train/scripts/ablations.sh
# writing $OUT/<name>/{model.pt,config.json,log.jsonl}, $OUT/<name>.log and $OUT/times.txt.
# Every model trains from a pool of pre-generated scenes (built once, cached in .cache/scene-pool),
# is deterministic for a seed (same command, same thread count -> same weights) and resumable:
# run the same command again after an interruption and each model continues from its last
# checkpoint ($OUT/<name>/checkpoint.pt, every 200 steps); a finished model is skipped.
# DEVICE=cuda runs the same recipe on a GPU. Export commands: docs/training.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="${OUT:-runs}"
DEVICE="${DEVICE:-cpu}"
PY="${PY:-.venv/bin/python}"             # the project's environment (scripts/setup.sh --test)
ONLY="${ONLY:-lexvla-tiny clip-tiny}"
THREADS="${THREADS:-1}"                  # torch CPU threads (the shipped runs: 1; weights depend on it)
WORKERS="${WORKERS:-2}"                  # processes that build the scene pool (once)
STEPS="${STEPS:-4000}"                   # per model; see docs/training.md for the time per step
POOL="${POOL:-50000}"                    # pre-generated 'train' scenes
SEED="${SEED:-0}"
TIME_LIMIT="${TIME_LIMIT:-3480}"         # seconds per model: a run stops (validates, saves) by 58 min
EXTRA="${EXTRA:-}"                       # extra lexvla.train flags for every model
export PYTHONPATH="train:data${PYTHONPATH:+:$PYTHONPATH}"
mkdir -p "$OUT"

common=(--config tiny-cnn --pool "$POOL" --steps "$STEPS" --batch 64
        --device "$DEVICE" --workers "$WORKERS" --threads "$THREADS" --seed "$SEED"
        --val-scenes 256 --val-every 500 --log-every 20 --time-limit "$TIME_LIMIT"
        --ckpt-every 200 --resume)
lexical=(--model lexvla --text-target scene --train-words captions --freeze-text --lr 3e-3
         --lambda-img 0.05 --lambda-txt 0 --patch-penalty 0.05 --l1-img 0.02
         --word-weights idf2 --word-bce 0.3 --absent-patch 0.1)
run_one() {
  local name=$1; shift
  if [ -f "$OUT/$name/model.pt" ] && [ ! -f "$OUT/$name/checkpoint.pt" ]; then
    echo "$name: done already ($OUT/$name/model.pt); delete it to train again"; return
  fi
  local start; start=$(date +%s)
  "$PY" -m lexvla.train "${common[@]}" "$@" ${EXTRA} --out "$OUT/$name" >> "$OUT/$name.log" 2>&1
  echo "$name: $(( $(date +%s) - start )) s on $DEVICE, $THREADS threads" | tee -a "$OUT/times.txt"
  tail -n 1 "$OUT/$name.log"
}
for name in $ONLY; do
  case "$name" in
    lexvla-tiny)       run_one "$name" "${lexical[@]}" --penalty overuse ;;
    clip-tiny)         run_one "$name" --model clip --text-target captions --lr 2e-3 ;;
    lexvla-tiny-flops) run_one "$name" "${lexical[@]}" --penalty flops ;;
    *) echo "train_tiny.sh: unknown model name '$name', expected lexvla-tiny, clip-tiny or lexvla-tiny-flops" >&2; exit 2 ;;
  esac
done

#!/usr/bin/env bash
# The recipe's ablations: short LexVLA-tiny runs (600 steps x 64, one thread each) that differ from
# the shipped recipe in one setting, each exported and measured on 300 'val' scenes with the app's
# CLI (train/scripts/eval_run.sh), never on the 'test' scenes the shipped figures use.
#   train/scripts/ablations.sh [NAME ...]       (default: all; two runs at a time)
# Prints one line per run; writes out/abl/<name>/ (run) and out/eval/<name>/ (figures).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY="${PY:-.venv/bin/python}"
STEPS="${STEPS:-600}"
PARALLEL="${PARALLEL:-2}"
export PYTHONPATH="train:data${PYTHONPATH:+:$PYTHONPATH}"
# The shipped recipe's LexVLA flags (train_tiny.sh), at STEPS steps.
base=(--model lexvla --config tiny-cnn --pool 50000 --text-target scene --train-words captions --freeze-text
      --lambda-img 0.05 --lambda-txt 0 --patch-penalty 0.05 --l1-img 0.01 --steps "$STEPS" --batch 64
      --lr 3e-3 --val-scenes 256 --val-every 300 --log-every 50 --threads 1 --workers 1 --seed 0)
declare -A variant=(
  [r3base]="--penalty overuse"                                   # the shipped recipe, shorter
  [r3flops]="--penalty flops"                                    # FLOPs instead of the overuse penalty
  [r3off]="--penalty overuse --off-text 0.1"                     # + patches say only what the text says
  [r3attn]="--penalty overuse --set adapter_attention=true"      # the paper's adapter: self-attention over patches
  [r3l1patch]="--penalty overuse --l1-patch 0.02"                # + L1 on every patch's normalised vector
  [r3nopatch]="--penalty overuse --patch-penalty 0"              # no penalty over patches
  [r4local]="--penalty overuse --set cnn_kernels=[3,3,1]"         # last stage 1 x 1: a patch sees ~its own pixels
  [r4local2]="--penalty overuse --set cnn_kernels=[3,1,1]"        # the last two stages 1 x 1
  [r4frozen]="--penalty overuse --init-backbone runs/clip-tiny --freeze-backbone"  # CLIP-tiny's CNN, frozen
  [r4plain]="--penalty overuse --word-weights plain"             # plain caption bags instead of IDF weights
  [r4idf2]="--penalty overuse --word-weights idf2"               # squared IDF weights: common words weigh less
  [r4over]="--penalty overuse --lambda-img 0.2"                  # 4x the image overuse penalty
  [r5bce]="--penalty overuse --word-bce 0.1"                     # + per-word yes/no on max-pooled logits
  [r5bcelo]="--penalty overuse --word-bce 0.02"                  # the same, weight 0.02
)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(r3base r3flops r3off r3attn r3l1patch r3nopatch r4local r4local2 r4frozen r4plain r4idf2 r4over r5bce r5bcelo)
mkdir -p out/abl
run() {
  local name=$1
  [ -n "${variant[$name]:-}" ] || { echo "ablations.sh: unknown run '$name', expected one of ${!variant[*]}" >&2; return 2; }
  if [ ! -f "out/abl/$name/model.pt" ]; then
    # shellcheck disable=SC2086
    "$PY" -m lexvla.train "${base[@]}" ${variant[$name]} --out "out/abl/$name" > "out/abl/$name.log" 2>&1
  fi
  bash train/scripts/eval_run.sh "out/abl/$name" out/evalset-val 2>/dev/null | tail -n 1
}
for name in "${names[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$PARALLEL" ]; do wait -n; done
  run "$name" &
done
wait

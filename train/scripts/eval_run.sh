#!/usr/bin/env bash
# Exports a training run and measures it with the app's own CLI, one line of figures per run:
#   train/scripts/eval_run.sh RUN_DIR [EVALSET_DIR]     (default eval set: out/evalset-val)
# Writes out/bundles/<run name>/ (fp16, no gallery, no golden) and out/eval/<run name>/*.json.
# Used to compare training recipes on 'val' scenes; the shipped figures come from scripts/report.mjs
# on 'test' scenes.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUN="${1:?usage: train/scripts/eval_run.sh RUN_DIR [EVALSET_DIR]}"
SET="${2:-out/evalset-val}"
NAME="$(basename "$RUN")"
PY="${PY:-.venv/bin/python}"
export PYTHONPATH="train:data${PYTHONPATH:+:$PYTHONPATH}" ONNXRUNTIME_NODE_INSTALL=skip
if [ ! -f "$SET/evalset.json" ]; then
  split="$(basename "$SET" | sed -n 's/^evalset-\(train\|val\|test\)$/\1/p')"
  "$PY" -m emojiscenes.write_evalset --split "${split:-val}" --count 300 --seed 0 --out "$SET" >&2
fi
"$PY" -m lexvla.export --ckpt "$RUN" --out "out/bundles/$NAME" --fp16 --gallery 0 --eval 0 --no-golden >&2
mkdir -p "out/eval/$NAME"
kind="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).kind)' "out/bundles/$NAME/manifest.json")"
cmds=(patchdis retrieval)
[ "$kind" = lexical ] && cmds+=(grounding overuse)
for c in "${cmds[@]}"; do
  node cli/bin.mjs eval "$c" "out/bundles/$NAME" "$SET" --json > "out/eval/$NAME/$c.json"
done
node -e '
const fs = require("fs"), dir = process.argv[1], name = process.argv[2];
const read = (c) => fs.existsSync(`${dir}/${c}.json`) ? JSON.parse(fs.readFileSync(`${dir}/${c}.json`, "utf8")) : null;
const p = read("patchdis"), r = read("retrieval"), g = read("grounding"), o = read("overuse");
const pct = (x) => (100 * x).toFixed(1);
const parts = [name, `mIoU ${pct(p.miou)}`, `I2T R@1 ${pct(r.i2t[1])}`, `T2I R@1 ${pct(r.t2i[1])}`];
if (o) parts.push(`active ${o.activeWords.toFixed(0)}`);
if (g) {
  const at5 = g.atK.find((a) => a.k === 5);
  const fig = (m) => `${pct(m.model)} (blind ${pct(m.baseline)}, shuffled ${pct(m.shuffled)})`;
  parts.push(`top-5 names a present class: images ${fig(at5.images)}, pairs ${fig(at5.pairs)}, strict images ${fig(at5.strictImages)}`);
}
console.log(parts.join(" | "));
' "out/eval/$NAME" "$NAME"

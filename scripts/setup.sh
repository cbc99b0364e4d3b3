#!/usr/bin/env bash
# Installs everything LexVLA Explorer needs on a fresh Debian 12 machine (run as root).
#   scripts/setup.sh          app only: Node dependencies
#   scripts/setup.sh --test   also Chromium (end-to-end tests) and the Python environment .venv
#                             (data/ and train/: PyTorch 2.13 CPU, transformers, peft, onnx, ...,
#                             pinned in train/requirements.txt)
# Idempotent: a second run installs nothing and takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

REQUIREMENTS=train/requirements.txt
VENV=.venv
TORCH_PIN=$(sed -n 's/^torch==\([^ ;]*\).*/\1/p' "$REQUIREMENTS")

need_node() {
  if ! command -v node >/dev/null || ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
    echo "setup: Node.js >= 20.19 is required (found: $(node --version 2>/dev/null || echo none))." >&2
    echo "setup: install it (e.g. from Debian backports or NodeSource) and run this again." >&2
    exit 1
  fi
}

apt_updated=0
apt_install() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -gt 0 ] || return 0
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The venv's torch version ("" when the venv or its torch is missing or broken).
venv_torch() {
  "$VENV/bin/python" -c 'import torch; print(torch.__version__.split("+")[0])' 2>/dev/null || true
}

python_env() {
  # Debian 12's python3 comes without venv/ensurepip (package python3-venv); a fresh machine may
  # lack python3 itself.
  if ! command -v python3 >/dev/null || ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    apt_install python3 python3-venv
  fi
  if [ -x "$VENV/bin/python" ] && [ "$(venv_torch)" != "$TORCH_PIN" ]; then
    echo "setup: $VENV has torch '$(venv_torch)', not the pinned $TORCH_PIN: recreating it"
    rm -rf "$VENV"
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
  fi
  # Skip pip when this exact requirements file was installed into this venv and torch is there.
  local stamp="$VENV/.requirements.sha256" want
  want=$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && [ "$(venv_torch)" = "$TORCH_PIN" ]; then
    echo "setup: $VENV is up to date ($REQUIREMENTS)"
    return 0
  fi
  # torch==2.13.0 is a CPU build that these machines keep on disk (no download); the rest comes
  # from PyPI. PIP_DISABLE_PIP_VERSION_CHECK: no self-update check.
  PIP_DISABLE_PIP_VERSION_CHECK=1 "$VENV/bin/pip" install -q -r "$REQUIREMENTS"
  if [ "$(venv_torch)" != "$TORCH_PIN" ]; then
    echo "setup: $VENV/bin/python imports torch '$(venv_torch)', expected $TORCH_PIN" >&2
    exit 1
  fi
  echo "$want" >"$stamp"
}

if [ "${1:-}" = "--test" ]; then
  # chromium: Playwright drives Debian's browser (no browser downloads).
  apt_install chromium
  python_env
fi

need_node
# onnxruntime-node's install script would download extra binaries (unreachable here);
# the CPU binaries for linux-x64 ship inside the package.
export ONNXRUNTIME_NODE_INSTALL=skip
npm ci --no-audit --no-fund

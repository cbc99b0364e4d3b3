#!/usr/bin/env bash
# Installs everything LexVLA Explorer needs on a fresh Debian 12 machine (run as root).
#   scripts/setup.sh          app only: Node dependencies
#   scripts/setup.sh --test   also Chromium (end-to-end tests) and Debian's PyTorch (train/ tests)
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

need_node() {
  if ! command -v node >/dev/null || ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
    echo "setup: Node.js >= 20.19 is required (found: $(node --version 2>/dev/null || echo none))." >&2
    echo "setup: install it (e.g. from Debian backports or NodeSource) and run this again." >&2
    exit 1
  fi
}

apt_packages=()
if [ "${1:-}" = "--test" ]; then
  # chromium: Playwright drives Debian's browser (no browser downloads).
  # python3-*: the training job's tests; libopenblas0-pthread: without it torch uses reference BLAS (~50x slower).
  apt_packages+=(chromium python3-torch python3-onnx python3-numpy python3-pytest python3-pil libopenblas0-pthread)
fi
if [ ${#apt_packages[@]} -gt 0 ]; then
  missing=()
  for p in "${apt_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

need_node
# onnxruntime-node's install script would download extra binaries (unreachable here);
# the CPU binaries for linux-x64 ship inside the package.
export ONNXRUNTIME_NODE_INSTALL=skip
npm ci --no-audit --no-fund

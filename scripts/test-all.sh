#!/usr/bin/env bash
# The whole test suite: types, the layers' imports (dependency-cruiser), unit tests (Vitest), the
# Python job (pytest), the mutation check (those tests must fail on deliberately broken code),
# then the production build in Debian's Chromium (Playwright). Stops at the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
stage() { printf '\n=== %s ===\n' "$1"; }

stage "typecheck"
npx tsc --noEmit -p tsconfig.json
stage "layers (dependency-cruiser: .dependency-cruiser.cjs)"
npm run --silent lint:layers
stage "unit tests (vitest)"
npx vitest run
stage "python: data/ and train/ (pytest)"
bash scripts/test-python.sh
stage "mutants: tests that must fail on broken code (scripts/mutation-check.mjs)"
node scripts/mutation-check.mjs
stage "production build"
npx vite build
stage "end-to-end (playwright, Debian chromium)"
npx playwright test

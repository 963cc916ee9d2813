#!/usr/bin/env bash
# The browser simulator's end-to-end tests (Tests/SimulatorE2E/simulator_e2e.py): `minimedia serve`
# on Examples/camera-tour in Debian's chromium, headless, driven by chromium-driver and selenium.
# chromium and chromium-driver come from scripts/install-deps.sh; selenium (PyPI) goes into a venv
# under .build/simulator-venv. Screenshots: .build/artifacts/simulator/.
#   scripts/simulator-e2e.sh [BIN]            the tests (`make test`)
#   scripts/simulator-e2e.sh [BIN] --bench    the preview benchmark (`make bench`)
# Skips (exit 0, with the reason) only when chromium, its driver or selenium cannot be installed.
set -uo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/debug/minimedia}"
shift || true

skip() { echo "simulator e2e: SKIPPED — $*"; exit 0; }

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  ./scripts/install-deps.sh >/dev/null 2>&1 || true
fi
command -v chromium >/dev/null || skip "chromium is not installed and could not be installed (apt-get install chromium)"
command -v chromedriver >/dev/null || skip "chromedriver is not installed and could not be installed (apt-get install chromium-driver)"

venv=.build/simulator-venv
if ! "$venv/bin/python" -c "import selenium" 2>/dev/null; then
  python3 -m venv "$venv" >/dev/null 2>&1 || skip "python3 -m venv failed"
  "$venv/bin/pip" install -q "selenium>=4.20" >/dev/null 2>&1 || skip "pip could not install selenium"
fi
[ -x "$bin" ] || { echo "simulator e2e: $bin is not built" >&2; exit 1; }
exec "$venv/bin/python" Tests/SimulatorE2E/simulator_e2e.py "$bin" "$@"

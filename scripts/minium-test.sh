#!/bin/sh
# Runs a minium test case (Tests/AutomationFixtures/minium, or MINIUM_CASES) unchanged against
# `minimedia auto`: minium 1.6.1 from PyPI in a virtualenv (.build/minium-venv, or
# $MINIUM_VENV), the app (Tests/AutomationFixtures/app, or $MINIUM_APP) headless on a free port.
#
#   scripts/minium-test.sh [OUTPUT_DIR]
#
# OUTPUT_DIR (default: a temp dir) gets config.json, minium's outputs/, server.log and
# photo.jpg (the photo the test took). Exit status: the test run's.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=${MINIUM_VENV:-$ROOT/.build/minium-venv}
APP=${MINIUM_APP:-$ROOT/Tests/AutomationFixtures/app}
CASES=${MINIUM_CASES:-$ROOT/Tests/AutomationFixtures/minium}
BIN=${MINIMEDIA:-$ROOT/.build/debug/minimedia}
OUT=${1:-$(mktemp -d "${TMPDIR:-/tmp}/minium.XXXXXX")}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

if ! "$VENV/bin/python" -c "import minium" 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "minium==1.6.1"
fi

DATA="$OUT/data"
rm -rf "$DATA"
"$BIN" auto "$APP" --auto-port 0 --data-dir "$DATA" --consent deny ${MINIUM_SERVER_FLAGS:-} >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT INT TERM
PORT=
i=0
while [ $i -lt 300 ]; do
    PORT=$(sed -n 's|.*automation on ws://127.0.0.1:\([0-9]*\).*|\1|p' "$OUT/server.log" | head -n 1)
    [ -n "$PORT" ] && break
    kill -0 $SERVER 2>/dev/null || { cat "$OUT/server.log" >&2; exit 1; }
    sleep 0.1
    i=$((i + 1))
done
[ -n "$PORT" ] || { echo "minium-test: minimedia auto did not start" >&2; cat "$OUT/server.log" >&2; exit 1; }

cat >"$OUT/config.json" <<JSON
{"test_port": $PORT, "platform": "ide", "debug_mode": "${MINIUM_DEBUG_MODE:-warn}", "assert_capture": false,
 "close_ide": false, "auto_relaunch": false, "request_timeout": 60, "outputs": "$OUT/outputs"}
JSON
cp "$CASES"/test_*.py "$OUT/"
STATUS=0
(cd "$OUT" && MINIMEDIA_TEST_DATA="$DATA" MINIMEDIA_TEST_RESULT="$OUT/photo.jpg" \
    "$VENV/bin/python" -m unittest -v test_minimedia) || STATUS=$?
exit $STATUS

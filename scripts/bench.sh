#!/usr/bin/env bash
# `make bench`: every benchmark in release mode, each printing its table.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
JOBS=$jobs ./scripts/build-release.sh minimedia minimedia-bench imaging-bench capture-bench camera-bench audio-bench >/dev/null
# The start-up peer (a C program that uses JavaScriptCore alone) and the launcher that measures
# each start-up run (minimedia-bench runs both).
cc -O2 scripts/jsc-baseline.c $(pkg-config --cflags --libs javascriptcoregtk-4.1) -o .build/release/jsc-baseline
cc -O2 scripts/cold-start.c -o .build/release/cold-start
echo "## JS bridge and start-up"
.build/release/minimedia-bench
echo
echo "## Images"
.build/release/imaging-bench
echo
echo "## Capture and barcodes"
.build/release/capture-bench
echo
echo "## Camera"
.build/release/camera-bench
echo
echo "## Audio playback"
.build/release/audio-bench

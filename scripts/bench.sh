#!/usr/bin/env bash
# `make bench`: every benchmark in release mode, each printing its table.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
JOBS=$jobs ./scripts/build-release.sh minimedia minimedia-serve minimedia-bench imaging-bench capture-bench camera-bench live-bench audio-bench video-bench audio-play-bench >/dev/null
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
echo "## Live streams"
.build/release/live-bench
echo
echo "## Audio recording"
.build/release/audio-bench
echo
echo "## Browser simulator (minimedia serve in headless chromium)"
./scripts/simulator-e2e.sh .build/release/minimedia --bench
echo
echo "## Video"
.build/release/video-bench
echo
echo "## Audio playback"
.build/release/audio-play-bench

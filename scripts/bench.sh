#!/usr/bin/env bash
# `make bench`: every benchmark in release mode, each printing its table.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
for product in minimedia minimedia-bench imaging-bench capture-bench camera-bench; do
  swift build -c release -j "$jobs" --product "$product" >/dev/null
done
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

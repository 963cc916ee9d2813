#!/usr/bin/env bash
# The release build of record (`make release`, `make bench`): `swift build -c release` with the
# Swift runtime and Foundation linked statically (--static-swift-stdlib: ~20 fewer shared libraries
# to map and relocate at start, unused Foundation code dropped by --gc-sections) and the ~90,000
# relative relocations that leaves packed (lld's DT_RELR: 17 KiB instead of 2.1 MiB read at start).
# Usage: scripts/build-release.sh PRODUCT...
set -euo pipefail
cd "$(dirname "$0")/.."
flags=(-c release --static-swift-stdlib -Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs)
for product in "$@"; do
  swift build "${flags[@]}" -j "${JOBS:-$(nproc)}" --product "$product"
  # -export-dynamic (static runtime) must not export CLazyLibs' trampolines: they would interpose
  # the real functions for the libraries themselves (see scripts/gen-lazy-libs.py).
  exported=$(nm -D --defined-only ".build/release/$product" | awk '{print $3}' |
    grep -Fxf <(sed -n 's/^\.globl //p' Sources/CLazyLibs/trampolines.S) || true)
  if [ -n "$exported" ]; then
    echo "build-release: $product exports lazy trampolines: $(echo $exported | head -c 200)" >&2
    exit 1
  fi
done

#!/usr/bin/env bash
# Builds the libFuzzer harnesses (Sources/MiniFuzzing, driver Sources/minimedia-fuzz) with
# coverage and ASan into .build-fuzz and runs each for FUZZ_SECONDS (default 60), starting from
# the committed seeds (Fuzz/corpus/NAME) and regressions (Fuzz/regressions/NAME). The growing
# corpus lives in .build-fuzz/corpus/NAME; a crash, leak-free OOM or hang leaves its input in
# .build-fuzz/artifacts/NAME/ and makes the script fail.
#
#   scripts/fuzz.sh                 every harness, FUZZ_SECONDS each
#   scripts/fuzz.sh bmp gif         just these
#   FUZZ_SECONDS=10 scripts/fuzz.sh (ten seconds each, random mutations)
#   FUZZ_RUNS=20000 scripts/fuzz.sh (what `make test` runs: a fixed number of inputs from a fixed
#                    seed, FUZZ_SEED (default 1), in a fresh corpus, so the gate explores nearly
#                    the same inputs on every machine — libFuzzer's scheduling still reads the
#                    clock; exploration is `make fuzz`, whose findings go to Fuzz/regressions/NAME)
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH="${FUZZ_SECONDS:-60}"
SWIFT="${SWIFT:-swift}"
SCRATCH=.build-fuzz
BIN="$SCRATCH/debug/minimedia-fuzz"
ALL=(bmp gif png jpeg webp heif pipeline exif tiff wxml binding options esm)
if [ $# -gt 0 ]; then HARNESSES=("$@"); else HARNESSES=("${ALL[@]}"); fi

# SwiftPM passes -sanitize=fuzzer and -sanitize=address as two flags and the compiler keeps only
# the last one, so the combined form is given again (last) to get coverage *and* ASan in Swift.
# gold cannot link ASan'd Swift; lld can.
echo "fuzz: building $BIN"
"$SWIFT" build --scratch-path "$SCRATCH" --product minimedia-fuzz -j "${JOBS:-2}" \
  --sanitize=fuzzer --sanitize=address \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld -Xswiftc -DMINIMEDIA_LIBFUZZER \
  2>&1 | grep -v "warning: Cannot export" | grep -E "error|warning: unre|Compiling|Build" | tail -3

# Leak reports would come from libraries' process-lifetime caches, not from one input.
export ASAN_OPTIONS="detect_leaks=0:allocator_may_return_null=1:${ASAN_OPTIONS:-}"

failed=()
printf '%-8s %10s %8s %6s %7s %9s  %s\n' harness runs exec/s cov ft corpus result > "$SCRATCH/fuzz-summary.txt"
if [ -n "${FUZZ_RUNS:-}" ]; then
  limit=(-runs="$FUZZ_RUNS" -seed="${FUZZ_SEED:-1}")
else
  limit=(-max_total_time="$SECONDS_EACH")
fi
for h in "${HARNESSES[@]}"; do
  corpus="$SCRATCH/corpus/$h"; artifacts="$SCRATCH/artifacts/$h/"
  if [ -n "${FUZZ_RUNS:-}" ]; then corpus="$SCRATCH/gate-corpus/$h"; rm -rf "$corpus"; fi
  mkdir -p "$corpus" "$artifacts"
  seeds=("Fuzz/corpus/$h")
  [ -d "Fuzz/regressions/$h" ] && seeds+=("Fuzz/regressions/$h")
  log="$SCRATCH/fuzz-$h.log"
  set +e
  "$BIN" "$h" "${limit[@]}" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -max_len=16384 -print_final_stats=1 -artifact_prefix="$artifacts" "$corpus" "${seeds[@]}" > "$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || true)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || true)
  files=$(find "$corpus" -type f | wc -l)
  result=ok
  if [ $rc -ne 0 ]; then
    result="FAILED (rc $rc, see $log)"
    failed+=("$h")
    grep -E "ERROR: |SUMMARY: |Fatal error|Test unit written" "$log" | head -5 || true
  fi
  printf '%-8s %10s %8s %6s %7s %9s  %s\n' "$h" "${runs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" "$files" "$result" \
    | tee -a "$SCRATCH/fuzz-summary.txt"
done
echo
cat "$SCRATCH/fuzz-summary.txt"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]} (inputs under $SCRATCH/artifacts/)" >&2
  exit 1
fi

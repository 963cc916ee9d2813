#pragma once
#include <stddef.h>
#include <stdint.h>

typedef int (*minimedia_fuzz_callback)(const uint8_t *data, size_t size);

/// Runs libFuzzer's driver when the binary was linked with it (scripts/fuzz.sh builds with
/// `--sanitize=fuzzer` and forces `LLVMFuzzerRunDriver` in); returns -1 when it was not.
int minimedia_run_fuzzer(int *argc, char ***argv, minimedia_fuzz_callback callback);

#include "fuzz_driver.h"

// Weak: a plain `swift build` links no libFuzzer and this stays NULL.
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t))
    __attribute__((weak));

int minimedia_run_fuzzer(int *argc, char ***argv, minimedia_fuzz_callback callback) {
    if (!LLVMFuzzerRunDriver) return -1;
    return LLVMFuzzerRunDriver(argc, argv, callback);
}

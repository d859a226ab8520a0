#ifndef CFUZZER_H
#define CFUZZER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry point for programs that have their own main (LLVM >= 11). SwiftPM links an
/// executable's `main` to the module's own entry point, so the fuzz targets start libFuzzer here
/// instead of using the `main` that `-sanitize=fuzzer` would otherwise bring.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif

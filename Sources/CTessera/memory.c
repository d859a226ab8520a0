#include "CTessera.h"
#include <stdlib.h>

#if defined(__GLIBC__)
#include <malloc.h>

int tessera_map_large_blocks(size_t threshold) { return mallopt(M_MMAP_THRESHOLD, (int)threshold); }
#else
int tessera_map_large_blocks(size_t threshold) { (void)threshold; return 0; }
#endif

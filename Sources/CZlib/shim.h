#ifndef TESSERA_CZLIB_SHIM_H
#define TESSERA_CZLIB_SHIM_H
// The system zlib: the Token Status List's `lst` is DEFLATE in a zlib wrapper (RFC 1950).
#include <zlib.h>
#endif

#include <string.h>
#include "CTessera.h"

/* SipHash-2-4 with the 128-bit output (Aumasson and Bernstein, "SipHash: a fast short-input
   PRF", and the reference implementation's 128-bit mode): two rounds per 8-byte word, four to
   finish each half. */

static inline uint64_t tessera_rotl(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

#define TESSERA_SIPROUND                                                                        \
    do {                                                                                        \
        v0 += v1; v1 = tessera_rotl(v1, 13); v1 ^= v0; v0 = tessera_rotl(v0, 32);               \
        v2 += v3; v3 = tessera_rotl(v3, 16); v3 ^= v2;                                          \
        v0 += v3; v3 = tessera_rotl(v3, 21); v3 ^= v0;                                          \
        v2 += v1; v1 = tessera_rotl(v1, 17); v1 ^= v2; v2 = tessera_rotl(v2, 32);               \
    } while (0)

void tessera_siphash128(uint64_t k0, uint64_t k1, const unsigned char *in, size_t n, uint64_t out[2]) {
    uint64_t v0 = k0 ^ 0x736f6d6570736575ULL, v1 = k1 ^ 0x646f72616e646f6dULL;
    uint64_t v2 = k0 ^ 0x6c7967656e657261ULL, v3 = k1 ^ 0x7465646279746573ULL;
    v1 ^= 0xee;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t m;
        memcpy(&m, in + i, 8); /* little-endian hosts only (x86_64, aarch64) */
        v3 ^= m;
        TESSERA_SIPROUND; TESSERA_SIPROUND;
        v0 ^= m;
    }
    uint64_t last = (uint64_t)(n & 0xff) << 56;
    for (size_t j = 0; i + j < n; j++) last |= (uint64_t)in[i + j] << (8 * j);
    v3 ^= last;
    TESSERA_SIPROUND; TESSERA_SIPROUND;
    v0 ^= last;
    v2 ^= 0xee;
    TESSERA_SIPROUND; TESSERA_SIPROUND; TESSERA_SIPROUND; TESSERA_SIPROUND;
    out[0] = v0 ^ v1 ^ v2 ^ v3;
    v1 ^= 0xdd;
    TESSERA_SIPROUND; TESSERA_SIPROUND; TESSERA_SIPROUND; TESSERA_SIPROUND;
    out[1] = v0 ^ v1 ^ v2 ^ v3;
}

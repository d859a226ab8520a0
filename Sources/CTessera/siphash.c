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

#define TESSERA_SIPSTART                                                                        \
    uint64_t v0 = k0 ^ 0x736f6d6570736575ULL, v1 = k1 ^ 0x646f72616e646f6dULL;                 \
    uint64_t v2 = k0 ^ 0x6c7967656e657261ULL, v3 = k1 ^ 0x7465646279746573ULL;                 \
    v1 ^= 0xee

#define TESSERA_SIPWORD(m)                                                                      \
    do {                                                                                        \
        uint64_t word_ = (m);                                                                   \
        v3 ^= word_;                                                                            \
        TESSERA_SIPROUND; TESSERA_SIPROUND;                                                     \
        v0 ^= word_;                                                                            \
    } while (0)

/* The last word (the message's bytes left over, its length's low byte on top), then the two
   finishing halves. */
#define TESSERA_SIPFINISH(last)                                                                 \
    do {                                                                                        \
        TESSERA_SIPWORD(last);                                                                  \
        v2 ^= 0xee;                                                                             \
        TESSERA_SIPROUND; TESSERA_SIPROUND; TESSERA_SIPROUND; TESSERA_SIPROUND;                 \
        out[0] = v0 ^ v1 ^ v2 ^ v3;                                                             \
        v1 ^= 0xdd;                                                                             \
        TESSERA_SIPROUND; TESSERA_SIPROUND; TESSERA_SIPROUND; TESSERA_SIPROUND;                 \
        out[1] = v0 ^ v1 ^ v2 ^ v3;                                                             \
    } while (0)

void tessera_siphash128(uint64_t k0, uint64_t k1, const unsigned char *in, size_t n, uint64_t out[2]) {
    TESSERA_SIPSTART;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t m;
        memcpy(&m, in + i, 8); /* little-endian hosts only (x86_64, aarch64) */
        TESSERA_SIPWORD(m);
    }
    uint64_t last = (uint64_t)(n & 0xff) << 56;
    for (size_t j = 0; i + j < n; j++) last |= (uint64_t)in[i + j] << (8 * j);
    TESSERA_SIPFINISH(last);
}

/* The n < 8 bytes at p as the low bytes of a little-endian word, without reading past them:
   two overlapping loads instead of a loop over the bytes. */
static inline uint64_t tessera_load_partial(const unsigned char *p, size_t n) {
    if (n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, p, 4);
        memcpy(&hi, p + n - 4, 4);
        return (uint64_t)lo | ((uint64_t)hi << (8 * (n - 4)));
    }
    if (n == 0) return 0;
    return (uint64_t)p[0] | ((uint64_t)p[n / 2] << (8 * (n / 2))) | ((uint64_t)p[n - 1] << (8 * (n - 1)));
}

void tessera_siphash128_joined(uint64_t k0, uint64_t k1, const unsigned char *a, size_t na,
                               const unsigned char *b, size_t nb, uint64_t out[2]) {
    TESSERA_SIPSTART;
    /* The words of a || 0x00 || b as they come: the bytes not yet making a word are carried in
       `pending` (`filled` of them, always fewer than 8), so neither part is copied anywhere. */
    size_t i = 0;
    for (; i + 8 <= na; i += 8) {
        uint64_t m;
        memcpy(&m, a + i, 8);
        TESSERA_SIPWORD(m);
    }
    uint64_t pending = tessera_load_partial(a + i, na - i);
    unsigned filled = (unsigned)(na - i) + 1; /* the separator, a zero byte: already in `pending` */
    if (filled == 8) {
        TESSERA_SIPWORD(pending);
        pending = 0;
        filled = 0;
    }
    size_t j = 0;
    if (filled == 0) {
        for (; j + 8 <= nb; j += 8) {
            uint64_t m;
            memcpy(&m, b + j, 8);
            TESSERA_SIPWORD(m);
        }
        pending = tessera_load_partial(b + j, nb - j);
        filled = (unsigned)(nb - j);
    } else {
        for (; j + 8 <= nb; j += 8) {
            uint64_t m;
            memcpy(&m, b + j, 8);
            TESSERA_SIPWORD(pending | (m << (8 * filled)));
            pending = m >> (8 * (8 - filled));
        }
        size_t rest = nb - j;
        uint64_t tail = tessera_load_partial(b + j, rest);
        pending |= tail << (8 * filled);
        if (filled + rest >= 8) {
            TESSERA_SIPWORD(pending);
            pending = tail >> (8 * (8 - filled));
            filled = (unsigned)(filled + rest - 8);
        } else {
            filled += (unsigned)rest;
        }
    }
    TESSERA_SIPFINISH(pending | ((uint64_t)((na + 1 + nb) & 0xff) << 56));
}

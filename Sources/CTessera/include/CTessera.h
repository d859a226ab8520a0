#ifndef TESSERA_CTESSERA_H
#define TESSERA_CTESSERA_H

/* Tessera's own C, beside no library: the base64 cores JOSE's Base64 and Base64URL run, the
   per-thread counter shard App's metric counters use, the allocator setting the log sink needs,
   and the SipHash MAC of the memoized secret check. */

#include <stddef.h>
#include <stdint.h>

/* ---- base64 (RFC 4648) cores, kept in C so that even -Onone builds run them at C speed. ---- */

static const char tessera_b64url_alphabet[64] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Encodes n bytes as unpadded base64url into out (room for ((n * 4) + 2) / 3 bytes). */
static inline size_t tessera_b64url_encode(const unsigned char *in, size_t n, unsigned char *out) {
    const char *t = tessera_b64url_alphabet;
    size_t i = 0, o = 0;
    for (; i + 3 <= n; i += 3, o += 4) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
        out[o] = t[v >> 18]; out[o + 1] = t[(v >> 12) & 63]; out[o + 2] = t[(v >> 6) & 63]; out[o + 3] = t[v & 63];
    }
    if (n - i == 1) {
        unsigned v = (unsigned)in[i] << 16;
        out[o++] = t[v >> 18]; out[o++] = t[(v >> 12) & 63];
    } else if (n - i == 2) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
        out[o++] = t[v >> 18]; out[o++] = t[(v >> 12) & 63]; out[o++] = t[(v >> 6) & 63];
    }
    return o;
}

/* Base64 digit values, 0xFF for anything else: one load per character instead of a chain of
   range checks (the Basic credentials of every request are decoded with it). Filled from the
   alphabets in bytes.c when the binary loads. */
extern unsigned char tessera_b64_standard_values[256];
extern unsigned char tessera_b64_url_values[256];

static inline unsigned char tessera_b64_value(unsigned char c, int url) {
    return url ? tessera_b64_url_values[c] : tessera_b64_standard_values[c];
}

/* Strictly decodes n unpadded characters (url: base64url alphabet, else standard) into out
   (room for n * 3 / 4 bytes). Returns the decoded length, or -1 for a character outside the
   alphabet, an impossible length (n % 4 == 1) or non-zero unused trailing bits. */
static inline long tessera_b64_decode(const unsigned char *in, size_t n, unsigned char *out, int url) {
    size_t rem = n % 4, i = 0, o = 0;
    unsigned char bad = 0;
    if (rem == 1) return -1;
    /* The table is chosen once, not per character. */
    const unsigned char *values = url ? tessera_b64_url_values : tessera_b64_standard_values;
    for (; i + 4 <= n; i += 4, o += 3) {
        unsigned char a = values[in[i]], b = values[in[i + 1]];
        unsigned char c = values[in[i + 2]], d = values[in[i + 3]];
        bad |= a | b | c | d;
        unsigned v = (unsigned)(a & 63) << 18 | (unsigned)(b & 63) << 12 | (unsigned)(c & 63) << 6 | (d & 63);
        out[o] = (unsigned char)(v >> 16); out[o + 1] = (unsigned char)(v >> 8); out[o + 2] = (unsigned char)v;
    }
    if (rem == 2) {
        unsigned char a = tessera_b64_value(in[i], url), b = tessera_b64_value(in[i + 1], url);
        bad |= a | b;
        if (b & 0x0F) return -1;
        out[o++] = (unsigned char)((a << 2) | ((b & 63) >> 4));
    } else if (rem == 3) {
        unsigned char a = tessera_b64_value(in[i], url), b = tessera_b64_value(in[i + 1], url);
        unsigned char c = tessera_b64_value(in[i + 2], url);
        bad |= a | b | c;
        if (c & 0x03) return -1;
        out[o++] = (unsigned char)((a << 2) | ((b & 63) >> 4));
        out[o++] = (unsigned char)((b << 4) | ((c & 63) >> 2));
    }
    return (bad & 0xC0) ? -1 : (long)o;
}

/* ---- per-thread counter shards ---- */

/* Which of TESSERA_COUNTER_SHARDS copies of a counter block this thread adds to: each thread
   takes the next index the first time it counts, so two I/O threads never bounce one cache line
   between cores on every request. The thread-local and the next index are defined once, in
   counters.c (a `static` one in a header would be one per module that imports it). */
#define TESSERA_COUNTER_SHARDS 8
extern __thread long tessera_thread_shard;
long tessera_take_counter_shard(void);

static inline long tessera_counter_shard(void) {
    long shard = tessera_thread_shard;
    return shard >= 0 ? shard : tessera_take_counter_shard();
}

/* ---- memory ---- */

/* Blocks of `threshold` bytes and more are mapped on their own and unmapped when freed (glibc's
   M_MMAP_THRESHOLD; nothing elsewhere). glibc raises that threshold each time such a block is
   freed, up to 32 MiB, and serves later blocks below it from a thread's heap, whose free space
   it keeps: after one burst of log lines (a buffer grown to megabytes while stderr was slow) the
   next burst's buffers stayed resident for good. Fixing the threshold gives them back. */
int tessera_map_large_blocks(size_t threshold);

/* ---- SipHash-2-4, 128-bit output (siphash.c): a keyed MAC of short messages. ---- */

/* out[0], out[1]: the two little-endian halves of the 16-byte tag of in[0..<n] under the key
   (k0, k1) = the key's bytes 0-7 and 8-15 read little-endian. */
void tessera_siphash128(uint64_t k0, uint64_t k1, const unsigned char *in, size_t n, uint64_t out[2]);

/* The tag of a[0..<na], one zero byte, then b[0..<nb] (as tessera_siphash128 of that message),
   read from the two parts where they are: the message, which may hold a secret, is never copied. */
void tessera_siphash128_joined(uint64_t k0, uint64_t k1, const unsigned char *a, size_t na,
                               const unsigned char *b, size_t nb, uint64_t out[2]);

#endif

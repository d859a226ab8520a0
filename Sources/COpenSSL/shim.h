#ifndef TESSERA_COPENSSL_SHIM_H
#define TESSERA_COPENSSL_SHIM_H

/* The SHA256_* context API is deprecated in OpenSSL 3 but is the only way to keep a keyed
   HMAC state (ipad/opad already absorbed) and copy it per message; see tessera_hmac_key. */
#define OPENSSL_SUPPRESS_DEPRECATED

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <string.h>
#include <openssl/sha.h>

/* BIO_get_mem_data is a macro over BIO_ctrl; Swift cannot call it directly. */
static inline long tessera_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

/* A fresh HMAC-SHA256 context keyed once; EVP_MAC_init(ctx, NULL, 0, NULL) re-arms it
   with the same key, so per-signature work needs no allocation. Returns NULL on failure. */
static inline EVP_MAC_CTX *tessera_hmac_sha256_new(EVP_MAC *mac, const unsigned char *key, size_t keylen) {
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
    if (ctx == NULL) return NULL;
    OSSL_PARAM params[2];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0);
    params[1] = OSSL_PARAM_construct_end();
    if (EVP_MAC_init(ctx, key, keylen, params) != 1) {
        EVP_MAC_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

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

static inline unsigned char tessera_b64_value(unsigned char c, int url) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == (url ? '-' : '+')) return 62;
    if (c == (url ? '_' : '/')) return 63;
    return 0xFF;
}

/* Strictly decodes n unpadded characters (url: base64url alphabet, else standard) into out
   (room for n * 3 / 4 bytes). Returns the decoded length, or -1 for a character outside the
   alphabet, an impossible length (n % 4 == 1) or non-zero unused trailing bits. */
static inline long tessera_b64_decode(const unsigned char *in, size_t n, unsigned char *out, int url) {
    size_t rem = n % 4, i = 0, o = 0;
    unsigned char bad = 0;
    if (rem == 1) return -1;
    for (; i + 4 <= n; i += 4, o += 3) {
        unsigned char a = tessera_b64_value(in[i], url), b = tessera_b64_value(in[i + 1], url);
        unsigned char c = tessera_b64_value(in[i + 2], url), d = tessera_b64_value(in[i + 3], url);
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

/* HMAC-SHA256 with the key schedule computed once: the inner and outer SHA-256 states after
   absorbing key^ipad and key^opad. One MAC then costs two compressions for a short message
   instead of four or five (measured with callgrind: ~8k -> ~3.5k instructions per request). */
typedef struct {
    SHA256_CTX inner;
    SHA256_CTX outer;
} tessera_hmac_key;

static inline void tessera_hmac_key_init(tessera_hmac_key *k, const unsigned char *key, size_t len) {
    unsigned char block[64], pad[64];
    memset(block, 0, sizeof block);
    if (len > 64) {
        SHA256(key, len, block);
    } else if (len > 0) {
        memcpy(block, key, len);
    }
    for (int i = 0; i < 64; i++) pad[i] = block[i] ^ 0x36;
    SHA256_Init(&k->inner);
    SHA256_Update(&k->inner, pad, 64);
    for (int i = 0; i < 64; i++) pad[i] = block[i] ^ 0x5c;
    SHA256_Init(&k->outer);
    SHA256_Update(&k->outer, pad, 64);
    OPENSSL_cleanse(block, sizeof block);
    OPENSSL_cleanse(pad, sizeof pad);
}

static inline void tessera_hmac_key_mac(const tessera_hmac_key *k, const unsigned char *msg, size_t n,
                                        unsigned char out[32]) {
    SHA256_CTX c = k->inner;
    unsigned char h[32];
    SHA256_Update(&c, msg, n);
    SHA256_Final(h, &c);
    c = k->outer;
    SHA256_Update(&c, h, 32);
    SHA256_Final(out, &c);
    OPENSSL_cleanse(&c, sizeof c);
}

#endif

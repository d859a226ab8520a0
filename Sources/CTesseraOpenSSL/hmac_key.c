/* The SHA256_* context API is deprecated in OpenSSL 3 but is the only way to keep a keyed
   HMAC state (ipad/opad already absorbed) and copy it per message. */
#define OPENSSL_SUPPRESS_DEPRECATED

#include "CTesseraOpenSSL.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <string.h>

struct tessera_hmac_key {
    SHA256_CTX inner;
    SHA256_CTX outer;
};

/* Absorbs key^ipad and key^opad (RFC 2104; a key longer than a block is hashed first). */
static void hmac_key_init(tessera_hmac_key *k, const unsigned char *key, size_t len) {
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

tessera_hmac_key *tessera_hmac_key_new(const unsigned char *key, size_t len) {
    tessera_hmac_key *k = OPENSSL_zalloc(sizeof *k);
    if (k == NULL) return NULL;
    hmac_key_init(k, key, len);
    return k;
}

void tessera_hmac_key_free(tessera_hmac_key *k) {
    if (k != NULL) OPENSSL_clear_free(k, sizeof *k);
}

void tessera_hmac_key_mac(const tessera_hmac_key *k, const unsigned char *msg, size_t n, unsigned char out[32]) {
    SHA256_CTX c = k->inner;
    unsigned char h[32];
    SHA256_Update(&c, msg, n);
    SHA256_Final(h, &c);
    c = k->outer;
    SHA256_Update(&c, h, 32);
    SHA256_Final(out, &c);
    OPENSSL_cleanse(&c, sizeof c);
    OPENSSL_cleanse(h, sizeof h);
}

void tessera_hmac_sha256(const unsigned char *key, size_t len, const unsigned char *msg, size_t n, unsigned char out[32]) {
    tessera_hmac_key k;
    hmac_key_init(&k, key, len);
    tessera_hmac_key_mac(&k, msg, n, out);
    OPENSSL_cleanse(&k, sizeof k);
}

/* P-256 signing through the EC_KEY API (deprecated in OpenSSL 3, like p256_key.c's verification).
   EVP_PKEY_sign on a prepared context signs the same way underneath, then DER-encodes the
   signature (i2d_ECDSA_SIG), which the caller had to parse back into r || s. ECDSA_do_sign hands
   r and s over as numbers: they are written straight into the 64-byte JOSE form, each left-padded
   to 32 bytes. The nonce is OpenSSL's own (random, mixed with the key and the digest). */
#define OPENSSL_SUPPRESS_DEPRECATED

#include "CTesseraOpenSSL.h"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>

struct tessera_p256_signer {
    EC_KEY *key;
};

tessera_p256_signer *tessera_p256_signer_new(EVP_PKEY *pkey) {
    /* A legacy copy of the provider's key: the private scalar and the group, nothing shared. */
    EC_KEY *key = EVP_PKEY_get1_EC_KEY(pkey);
    if (key == NULL || EC_KEY_get0_private_key(key) == NULL) {
        EC_KEY_free(key);
        ERR_clear_error();
        return NULL;
    }
    tessera_p256_signer *s = OPENSSL_zalloc(sizeof *s);
    if (s == NULL) {
        EC_KEY_free(key);
        return NULL;
    }
    s->key = key;
    return s;
}

void tessera_p256_signer_free(tessera_p256_signer *s) {
    if (s == NULL) return;
    EC_KEY_free(s->key); /* clears the private scalar */
    OPENSSL_free(s);
}

int tessera_p256_sign(const tessera_p256_signer *s, const unsigned char hash[32], unsigned char rs[64]) {
    /* ECDSA_do_sign only reads the key; each call has its own BN_CTX and nonce. */
    ECDSA_SIG *sig = ECDSA_do_sign(hash, 32, s->key);
    if (sig == NULL) {
        ERR_clear_error();
        return 0;
    }
    const BIGNUM *r = NULL, *sv = NULL;
    ECDSA_SIG_get0(sig, &r, &sv);
    /* Both are below the group order, so 32 bytes always hold them. */
    int ok = BN_bn2binpad(r, rs, 32) == 32 && BN_bn2binpad(sv, rs + 32, 32) == 32;
    ECDSA_SIG_free(sig);
    return ok;
}

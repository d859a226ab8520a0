/* P-256 public keys through the EC_KEY API, deprecated in OpenSSL 3 but the only path that builds
   a key without a provider round trip: d2i_PUBKEY runs the OSSL_DECODER machinery (~140 us per
   key, twice the verification itself) and EVP_PKEY_fromdata a provider import (~18 us), while
   o2i_ECPublicKey decodes and checks the point in ~2 us. A DPoP proof brings a key of its own each
   time, so building it is on the request path. ECDSA_do_verify then takes r and s as numbers:
   no DER encoding and no EVP_PKEY_CTX per call.
   The same key type signs ES256 tokens when made from a private key: EVP_PKEY_sign on a prepared
   context signs the same way underneath, then DER-encodes the signature (i2d_ECDSA_SIG), which
   the caller had to parse back into r || s; ECDSA_do_sign hands r and s over as numbers, written
   straight into the 64-byte JOSE form, each left-padded to 32 bytes. The nonce is OpenSSL's own
   (random, mixed with the key and the digest). */
#define OPENSSL_SUPPRESS_DEPRECATED

#include "CTesseraOpenSSL.h"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <pthread.h>

struct tessera_p256_key {
    EC_KEY *key;
};

/* Made once: EC_KEY_set_group copies it, which is cheaper than building it from the curve name. */
static EC_GROUP *p256_group;
static pthread_once_t p256_group_once = PTHREAD_ONCE_INIT;

static void p256_group_make(void) {
    p256_group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
}

/* Takes `key`: freed when the wrapper cannot be made. */
static tessera_p256_key *wrap(EC_KEY *key) {
    tessera_p256_key *k = OPENSSL_zalloc(sizeof *k);
    if (k == NULL) {
        EC_KEY_free(key);
        return NULL;
    }
    k->key = key;
    return k;
}

tessera_p256_key *tessera_p256_key_new(const unsigned char point[65]) {
    pthread_once(&p256_group_once, p256_group_make);
    if (p256_group == NULL || point[0] != 0x04) return NULL;
    EC_KEY *key = EC_KEY_new();
    if (key == NULL) return NULL;
    const unsigned char *cursor = point;
    /* o2i_ECPublicKey refuses a point that is not on the curve (EC_POINT_oct2point checks it). */
    if (EC_KEY_set_group(key, p256_group) != 1 || o2i_ECPublicKey(&key, &cursor, 65) == NULL || cursor != point + 65) {
        EC_KEY_free(key);
        ERR_clear_error();
        return NULL;
    }
    return wrap(key);
}

tessera_p256_key *tessera_p256_key_from_private(EVP_PKEY *pkey) {
    /* A legacy copy of the provider's key: the private scalar and the group, nothing shared. */
    EC_KEY *key = EVP_PKEY_get1_EC_KEY(pkey);
    if (key == NULL || EC_KEY_get0_private_key(key) == NULL) {
        EC_KEY_free(key);
        ERR_clear_error();
        return NULL;
    }
    return wrap(key);
}

void tessera_p256_key_free(tessera_p256_key *k) {
    if (k == NULL) return;
    EC_KEY_free(k->key); /* clears a private scalar */
    OPENSSL_free(k);
}

int tessera_p256_verify(const tessera_p256_key *k, const unsigned char hash[32], const unsigned char rs[64]) {
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(rs, 32, NULL);
    BIGNUM *s = BN_bin2bn(rs + 32, 32, NULL);
    int valid = 0;
    if (sig != NULL && r != NULL && s != NULL && ECDSA_SIG_set0(sig, r, s) == 1) {
        r = s = NULL; /* owned by sig now */
        /* 1 valid, 0 invalid, -1 error (r or s zero or not below the order among them). */
        valid = ECDSA_do_verify(hash, 32, sig, k->key) == 1;
    }
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    if (!valid) ERR_clear_error();
    return valid;
}

int tessera_p256_sign(const tessera_p256_key *k, const unsigned char hash[32], unsigned char rs[64]) {
    /* ECDSA_do_sign only reads the key; each call has its own BN_CTX and nonce. */
    ECDSA_SIG *sig = ECDSA_do_sign(hash, 32, k->key);
    if (sig == NULL) {
        ERR_clear_error();
        return 0;
    }
    const BIGNUM *r = NULL, *s = NULL;
    ECDSA_SIG_get0(sig, &r, &s);
    /* Both are below the group order, so 32 bytes always hold them. */
    int ok = BN_bn2binpad(r, rs, 32) == 32 && BN_bn2binpad(s, rs + 32, 32) == 32;
    ECDSA_SIG_free(sig);
    return ok;
}

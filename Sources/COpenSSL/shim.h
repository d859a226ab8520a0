#ifndef TESSERA_COPENSSL_SHIM_H
#define TESSERA_COPENSSL_SHIM_H

/* OpenSSL for Swift: the headers, and inline wrappers of what Swift cannot call directly
   (macros, OSSL_PARAM arrays). Tessera's own C over OpenSSL lives in CTesseraOpenSSL's .c files. */

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <string.h>

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

/* ---- TLS (TesseraHTTP/TLS and its test clients): macros wrapped. ---- */
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdint.h>

static inline int tessera_tls_ctx_set_proto_versions(SSL_CTX *ctx, int min_version, int max_version) {
    return SSL_CTX_set_min_proto_version(ctx, min_version) == 1 && SSL_CTX_set_max_proto_version(ctx, max_version) == 1;
}

/* Test clients: the ALPN list and SNI are macros or need lengths. */
static inline int tessera_tls_set_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

#endif

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

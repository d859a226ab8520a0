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
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
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


/* ---- TLS (TesseraHTTP/TLS): macros wrapped, and the C callbacks OpenSSL calls. ---- */
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>

static inline int tessera_tls_ctx_set_proto_versions(SSL_CTX *ctx, int min_version, int max_version) {
    return SSL_CTX_set_min_proto_version(ctx, min_version) == 1 && SSL_CTX_set_max_proto_version(ctx, max_version) == 1;
}

/* ALPN: the server speaks HTTP/1.1 only. A client that offers ALPN without it gets the fatal
   no_application_protocol alert (RFC 7301 §3.2); a client that offers no ALPN is served. */
static int tessera_tls_alpn_select(SSL *ssl, const unsigned char **out, unsigned char *outlen,
                                   const unsigned char *in, unsigned int inlen, void *arg) {
    (void)ssl; (void)arg;
    static const unsigned char http11[] = "\x08http/1.1";
    unsigned char *selected = NULL;
    if (SSL_select_next_proto(&selected, outlen, http11, sizeof http11 - 1, in, inlen) != OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
}

/* Client certificates are asked for, never required, and every one completes the handshake
   (self-signed ones must reach the client's authentication method). OpenSSL still records the
   chain's verdict, read afterwards with SSL_get_verify_result (as nginx's optional_no_ca). */
static int tessera_tls_verify_accept_all(int preverify_ok, X509_STORE_CTX *store) {
    (void)preverify_ok; (void)store;
    return 1;
}

/* A server context with Tessera's fixed choices (the rest is OpenSSL's default): nginx's default
   TLS 1.2 cipher list `HIGH:!aNULL:!MD5` with the server's order, OpenSSL's TLS 1.3 suites, no
   compression or renegotiation, an unexpected EOF treated as a close, no server-side session cache
   (resumption is by tickets only, so no lock is shared between I/O threads), partial writes,
   buffers released while idle, and read-ahead. Returns NULL on failure (the error queue says why). */
/* An encrypted private key is refused instead of prompting on the terminal. */
static int tessera_tls_no_password(char *buf, int size, int rwflag, void *userdata) {
    (void)buf; (void)size; (void)rwflag; (void)userdata;
    return 0;
}

static inline SSL_CTX *tessera_tls_server_ctx_new(int min_version) {
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == NULL) return NULL;
    static const unsigned char sid_ctx[] = "tessera";
    if (!tessera_tls_ctx_set_proto_versions(ctx, min_version, TLS1_3_VERSION)
        || SSL_CTX_set_cipher_list(ctx, "HIGH:!aNULL:!MD5") != 1
        || SSL_CTX_set_session_id_context(ctx, sid_ctx, sizeof sid_ctx - 1) != 1) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION
                                 | SSL_OP_IGNORE_UNEXPECTED_EOF);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    /* Read ahead (as nginx): one read() takes several records instead of a header then a body. */
    SSL_CTX_set_read_ahead(ctx, 1);
    SSL_CTX_set_alpn_select_cb(ctx, tessera_tls_alpn_select, NULL);
    SSL_CTX_set_default_passwd_cb(ctx, tessera_tls_no_password);
    return ctx;
}

/* Loads client_ca as the trust store and the CertificateRequest's CA names, and asks for a client
   certificate without requiring one. Returns 1 on success. */
static inline int tessera_tls_ctx_set_client_ca(SSL_CTX *ctx, const char *path) {
    if (SSL_CTX_load_verify_locations(ctx, path, NULL) != 1) return 0;
    STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(path);
    if (names == NULL) return 0;
    SSL_CTX_set_client_CA_list(ctx, names);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, tessera_tls_verify_accept_all);
    SSL_CTX_set_verify_depth(ctx, 8);
    return 1;
}

/* Verifies a certificate that arrived without a handshake (RFC 9440 Client-Cert from a trusted
   proxy) against the context's client_ca store, as a TLS client certificate. Returns the X509
   verify result (X509_V_OK = 0 when it chains). */
static inline int tessera_tls_ctx_verify_certificate(SSL_CTX *ctx, X509 *cert) {
    X509_STORE_CTX *store = X509_STORE_CTX_new();
    if (store == NULL) return X509_V_ERR_OUT_OF_MEM;
    int result = X509_V_ERR_UNSPECIFIED;
    if (X509_STORE_CTX_init(store, SSL_CTX_get_cert_store(ctx), cert, NULL) == 1) {
        X509_STORE_CTX_set_default(store, "ssl_client");
        X509_STORE_CTX_set_depth(store, 8);
        int verified = X509_verify_cert(store);
        result = X509_STORE_CTX_get_error(store);
        if (verified != 1 && result == X509_V_OK) result = X509_V_ERR_UNSPECIFIED;
    }
    X509_STORE_CTX_free(store);
    return result;
}

/* Unix seconds of a certificate's notBefore / notAfter. Returns 1 on success. */
static inline int tessera_x509_validity(const X509 *cert, int64_t *not_before, int64_t *not_after) {
    struct tm tm;
    if (ASN1_TIME_to_tm(X509_get0_notBefore(cert), &tm) != 1) return 0;
    *not_before = (int64_t)timegm(&tm);
    if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) != 1) return 0;
    *not_after = (int64_t)timegm(&tm);
    return 1;
}

/* Session ticket keys that rotate (RFC 5077 §5.5 advises it; OpenSSL's own keys never change).
   The key encrypting new tickets is replaced every `period` seconds; the one before it still
   decrypts (and its tickets are renewed) for one more period, so a ticket lives at most two
   periods and a stolen key opens at most that much traffic. Rotation happens lazily inside the
   callback, under a mutex held for a few hundred nanoseconds per handshake, so no timer thread is
   needed. One ring is shared by every context a reload builds, so tickets survive SIGHUP. */
typedef struct {
    unsigned char name[16];
    unsigned char aes[32];
    unsigned char hmac[32];
    int valid;
} tessera_ticket_key;

typedef struct {
    pthread_mutex_t lock;
    tessera_ticket_key current, previous;
    int64_t rotated_at;
    int64_t period;
} tessera_ticket_keys;

static inline int tessera_ticket_key_fill(tessera_ticket_key *key) {
    key->valid = RAND_bytes(key->name, sizeof key->name) == 1 && RAND_bytes(key->aes, sizeof key->aes) == 1
                 && RAND_bytes(key->hmac, sizeof key->hmac) == 1;
    return key->valid;
}

static inline int64_t tessera_ticket_keys_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec;
}

/* Replaces the current key (the current one becomes the previous one). Caller holds the lock. */
static inline void tessera_ticket_keys_rotate_locked(tessera_ticket_keys *keys, int64_t now) {
    keys->previous = keys->current;
    tessera_ticket_key_fill(&keys->current);
    keys->rotated_at = now;
}

static inline tessera_ticket_keys *tessera_ticket_keys_new(int64_t period_seconds) {
    tessera_ticket_keys *keys = OPENSSL_zalloc(sizeof *keys);
    if (keys == NULL) return NULL;
    pthread_mutex_init(&keys->lock, NULL);
    keys->period = period_seconds > 0 ? period_seconds : 3600;
    keys->rotated_at = tessera_ticket_keys_now();
    if (!tessera_ticket_key_fill(&keys->current)) {
        pthread_mutex_destroy(&keys->lock);
        OPENSSL_free(keys);
        return NULL;
    }
    return keys;
}

static inline void tessera_ticket_keys_free(tessera_ticket_keys *keys) {
    if (keys == NULL) return;
    pthread_mutex_destroy(&keys->lock);
    OPENSSL_clear_free(keys, sizeof *keys);
}

/* Rotates now, whatever the period (tests, and an operator's explicit request). */
static inline void tessera_ticket_keys_rotate(tessera_ticket_keys *keys) {
    pthread_mutex_lock(&keys->lock);
    tessera_ticket_keys_rotate_locked(keys, tessera_ticket_keys_now());
    pthread_mutex_unlock(&keys->lock);
}

static int tessera_tls_ticket_cb(SSL *ssl, unsigned char key_name[16], unsigned char *iv, EVP_CIPHER_CTX *cipher,
                                 EVP_MAC_CTX *mac, int enc) {
    tessera_ticket_keys *keys = SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl));
    if (keys == NULL) return 0;
    tessera_ticket_key key;
    int result = 1;
    pthread_mutex_lock(&keys->lock);
    int64_t now = tessera_ticket_keys_now();
    if (now - keys->rotated_at >= 2 * keys->period) {
        tessera_ticket_keys_rotate_locked(keys, now);
        keys->previous.valid = 0;
    } else if (now - keys->rotated_at >= keys->period) {
        tessera_ticket_keys_rotate_locked(keys, now);
    }
    if (enc) {
        key = keys->current;
    } else if (keys->current.valid && CRYPTO_memcmp(key_name, keys->current.name, 16) == 0) {
        key = keys->current;
        /* TLS 1.3 tickets are meant for one use (RFC 8446 §C.4): a resumed session gets a fresh
           one, as nginx does, so a client can resume again (it would fall back to a full
           handshake every other connection otherwise). */
        if (SSL_version(ssl) == TLS1_3_VERSION) result = 2;
    } else if (keys->previous.valid && CRYPTO_memcmp(key_name, keys->previous.name, 16) == 0) {
        key = keys->previous;
        result = 2; /* decrypts, and a fresh ticket under the current key is issued */
    } else {
        key.valid = 0;
    }
    pthread_mutex_unlock(&keys->lock);
    if (!key.valid) {
        OPENSSL_cleanse(&key, sizeof key);
        return enc ? -1 : 0; /* unknown key: a full handshake */
    }
    OSSL_PARAM params[3];
    params[0] = OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_KEY, key.hmac, sizeof key.hmac);
    params[1] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0);
    params[2] = OSSL_PARAM_construct_end();
    int ok;
    if (enc) {
        memcpy(key_name, key.name, 16);
        ok = RAND_bytes(iv, 16) == 1 && EVP_EncryptInit_ex(cipher, EVP_aes_256_cbc(), NULL, key.aes, iv) == 1;
    } else {
        ok = EVP_DecryptInit_ex(cipher, EVP_aes_256_cbc(), NULL, key.aes, iv) == 1;
    }
    ok = ok && EVP_MAC_CTX_set_params(mac, params) == 1;
    OPENSSL_cleanse(&key, sizeof key);
    return ok ? result : -1;
}

/* Makes `ctx` encrypt and decrypt tickets with `keys` (which must outlive it). Sessions live as
   long as a ticket key may decrypt: two rotation periods. */
static inline int tessera_tls_ctx_set_ticket_keys(SSL_CTX *ctx, tessera_ticket_keys *keys) {
    if (SSL_CTX_set_app_data(ctx, keys) != 1) return 0;
    SSL_CTX_set_timeout(ctx, (long)(2 * keys->period));
    return SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, tessera_tls_ticket_cb) == 1;
}

/* Test clients: the ALPN list and SNI are macros or need lengths. */
static inline int tessera_tls_set_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

/* mTLS client authentication (RFC 8705 §2.1): the subject of `cert` as an RFC 4514 string
   (`certificate_order` 0: most significant RDN last, "CN=svc,O=Example" for /O=Example/CN=svc;
   1: the RDNs in the order the certificate holds them), UTF-8 kept as is. Returns the length
   written into `out`, or -1 when it does not fit or cannot be printed. */
static inline int tessera_x509_subject_dn(X509 *cert, int certificate_order, char *out, int capacity) {
    BIO *bio = BIO_new(BIO_s_mem());
    if (bio == NULL) return -1;
    unsigned long flags = XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB;
    if (certificate_order) flags &= ~XN_FLAG_DN_REV;
    int result = -1;
    if (X509_NAME_print_ex(bio, X509_get_subject_name(cert), 0, flags) >= 0) {
        char *data = NULL;
        long length = BIO_get_mem_data(bio, &data);
        if (length >= 0 && length <= capacity) {
            if (length > 0) memcpy(out, data, (size_t)length);
            result = (int)length;
        }
    }
    BIO_free(bio);
    return result;
}

/* The DNS (type 2) and URI (type 6) subject alternative names of `cert`, written into `out` as
   records: one type byte, two bytes of big-endian length, the bytes. Returns the bytes written,
   0 without such names, -1 when `out` is too small. */
static inline int tessera_x509_alt_names(X509 *cert, unsigned char *out, int capacity) {
    GENERAL_NAMES *names = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
    if (names == NULL) return 0;
    int written = 0;
    for (int i = 0; i < sk_GENERAL_NAME_num(names); i++) {
        const GENERAL_NAME *name = sk_GENERAL_NAME_value(names, i);
        const ASN1_IA5STRING *value;
        unsigned char type;
        if (name->type == GEN_DNS) { value = name->d.dNSName; type = 2; }
        else if (name->type == GEN_URI) { value = name->d.uniformResourceIdentifier; type = 6; }
        else continue;
        int length = ASN1_STRING_length(value);
        if (length < 0 || length > 0xFFFF || written + 3 + length > capacity) { written = -1; break; }
        out[written] = type;
        out[written + 1] = (unsigned char)(length >> 8);
        out[written + 2] = (unsigned char)(length & 0xFF);
        memcpy(out + written + 3, ASN1_STRING_get0_data(value), (size_t)length);
        written += 3 + length;
    }
    GENERAL_NAMES_free(names);
    return written;
}

#endif

#ifndef TESSERA_CTESSERAOPENSSL_H
#define TESSERA_CTESSERAOPENSSL_H

/* Tessera's own C on top of OpenSSL, compiled once in this target's .c files (COpenSSL's shim.h
   only wraps OpenSSL's macros): the TLS server context with Tessera's fixed choices and the
   callbacks OpenSSL calls, the rotating session-ticket key ring, certificate validity and names,
   and the HMAC-SHA256 key schedule. OpenSSL's types appear only as pointers to incomplete structs
   (Swift sees OpaquePointer, the same as through COpenSSL), so this header includes no OpenSSL
   header and no type is declared by two modules. */

#include <stddef.h>
#include <stdint.h>

typedef struct ssl_ctx_st SSL_CTX;
typedef struct x509_st X509;
typedef struct evp_pkey_st EVP_PKEY;

/* ---- TLS server context (TesseraHTTP/TLS) ---- */

/* A server context: nginx's default TLS 1.2 cipher list `HIGH:!aNULL:!MD5` with the server's
   order, OpenSSL's TLS 1.3 suites, no compression or renegotiation, an unexpected EOF treated as a
   close, no server-side session cache (resumption is by tickets only, so no lock is shared
   between I/O threads), partial writes, buffers released while idle, read-ahead, ALPN http/1.1
   only, encrypted private keys refused. NULL on failure (the error queue says why). */
SSL_CTX *tessera_tls_server_ctx_new(int min_version);

/* Loads client_ca as the trust store and the CertificateRequest's CA names, and asks for a client
   certificate without requiring one (every certificate completes the handshake; the chain's
   verdict is read afterwards). Returns 1 on success. */
int tessera_tls_ctx_set_client_ca(SSL_CTX *ctx, const char *path);

/* Verifies a certificate that arrived without a handshake (RFC 9440 Client-Cert from a trusted
   proxy) against the context's client_ca store, as a TLS client certificate. Returns the X509
   verify result (0, X509_V_OK, when it chains). */
int tessera_tls_ctx_verify_certificate(SSL_CTX *ctx, X509 *cert);

/* ---- session ticket keys that rotate (RFC 5077 §5.5) ---- */

typedef struct tessera_ticket_keys tessera_ticket_keys;

/* A ring whose sealing key is replaced every `period_seconds` (lazily, inside OpenSSL's ticket
   callback); the key before it still opens tickets for one more period. NULL when RAND fails. */
tessera_ticket_keys *tessera_ticket_keys_new(int64_t period_seconds);
void tessera_ticket_keys_free(tessera_ticket_keys *keys);
/* Rotates now, whatever the period. */
void tessera_ticket_keys_rotate(tessera_ticket_keys *keys);
/* Makes `ctx` seal and open tickets with `keys` (which must outlive it). Returns 1 on success. */
int tessera_tls_ctx_set_ticket_keys(SSL_CTX *ctx, tessera_ticket_keys *keys);

/* ---- certificates ---- */

/* Unix seconds of a certificate's notBefore / notAfter. Returns 1 on success. */
int tessera_x509_validity(const X509 *cert, int64_t *not_before, int64_t *not_after);

/* The subject as an RFC 4514 string (`certificate_order` 0: most significant RDN last; 1: the
   order the certificate holds), UTF-8 kept as is. Returns the length written, or -1 when it does
   not fit or cannot be printed. */
int tessera_x509_subject_dn(X509 *cert, int certificate_order, char *out, int capacity);

/* The DNS (type 2) and URI (type 6) subject alternative names, as records: one type byte, two
   bytes of big-endian length, the bytes. Returns the bytes written, 0 without such names, -1 when
   `out` is too small. */
int tessera_x509_alt_names(X509 *cert, unsigned char *out, int capacity);

/* ---- HMAC-SHA256 with the key schedule computed once ---- */

/* The inner and outer SHA-256 states after absorbing key^ipad and key^opad: one MAC of a short
   message then costs two compressions instead of four or five. */
typedef struct tessera_hmac_key tessera_hmac_key;

/* NULL when out of memory. The key bytes are not kept. */
tessera_hmac_key *tessera_hmac_key_new(const unsigned char *key, size_t len);
/* Wipes and frees. */
void tessera_hmac_key_free(tessera_hmac_key *k);
void tessera_hmac_key_mac(const tessera_hmac_key *k, const unsigned char *msg, size_t n, unsigned char out[32]);
/* One MAC under a key used once: the schedule lives on the stack and is wiped. */
void tessera_hmac_sha256(const unsigned char *key, size_t len, const unsigned char *msg, size_t n, unsigned char out[32]);

/* ---- P-256 public keys built without OpenSSL 3's decoder ---- */

typedef struct tessera_p256_key tessera_p256_key;

/* From the uncompressed point 0x04 || x || y (65 bytes). NULL when it is not a point on P-256. */
tessera_p256_key *tessera_p256_key_new(const unsigned char point[65]);
void tessera_p256_key_free(tessera_p256_key *k);
/* 1 when `rs` (r || s, 32 bytes each, big-endian) is a valid signature of the SHA-256 `hash`.
   Safe from many threads at once on one key. */
int tessera_p256_verify(const tessera_p256_key *k, const unsigned char hash[32], const unsigned char rs[64]);

/* ---- P-256 signing straight into the JOSE r || s form (p256_key.c) ---- */

/* From a P-256 private key (not taken: the caller still owns and frees pkey); freed with
   tessera_p256_key_free. NULL when it is not one. */
tessera_p256_key *tessera_p256_key_from_private(EVP_PKEY *pkey);
/* Signs the SHA-256 `hash` with a key from tessera_p256_key_from_private; writes r || s (32 bytes
   each, big-endian, leading zeros kept). Returns 1 on success. Safe from many threads at once on
   one key. */
int tessera_p256_sign(const tessera_p256_key *k, const unsigned char hash[32], unsigned char rs[64]);

/* ---- random bytes drawn per request ---- */

/* `count` bytes of OpenSSL's CSPRNG output, taken from a per-thread buffer refilled 512 bytes at a
   time (larger requests go to RAND_bytes directly). Returns 1 on success, 0 when RAND_bytes fails. */
int tessera_random_bytes(unsigned char *out, size_t count);

#endif

#include "CTesseraOpenSSL.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

/* ALPN: the server speaks HTTP/1.1 only. A client that offers ALPN without it gets the fatal
   no_application_protocol alert (RFC 7301 §3.2); a client that offers no ALPN is served. */
static int alpn_select(SSL *ssl, const unsigned char **out, unsigned char *outlen, const unsigned char *in,
                       unsigned int inlen, void *arg) {
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
static int verify_accept_all(int preverify_ok, X509_STORE_CTX *store) {
    (void)preverify_ok; (void)store;
    return 1;
}

/* An encrypted private key is refused instead of prompting on the terminal. */
static int no_password(char *buf, int size, int rwflag, void *userdata) {
    (void)buf; (void)size; (void)rwflag; (void)userdata;
    return 0;
}

SSL_CTX *tessera_tls_server_ctx_new(int min_version) {
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == NULL) return NULL;
    static const unsigned char sid_ctx[] = "tessera";
    if (SSL_CTX_set_min_proto_version(ctx, min_version) != 1 || SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) != 1
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
    SSL_CTX_set_alpn_select_cb(ctx, alpn_select, NULL);
    SSL_CTX_set_default_passwd_cb(ctx, no_password);
    return ctx;
}

int tessera_tls_ctx_set_client_ca(SSL_CTX *ctx, const char *path) {
    if (SSL_CTX_load_verify_locations(ctx, path, NULL) != 1) return 0;
    STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(path);
    if (names == NULL) return 0;
    SSL_CTX_set_client_CA_list(ctx, names);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, verify_accept_all);
    SSL_CTX_set_verify_depth(ctx, 8);
    return 1;
}

int tessera_tls_ctx_verify_certificate(SSL_CTX *ctx, X509 *cert) {
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

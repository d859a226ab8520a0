/* LD_PRELOAD shim that makes wrk present a client certificate (wrk has no option for one):
   every SSL_CTX wrk creates loads BENCH_CLIENT_CERT and BENCH_CLIENT_KEY (PEM files).
   Built by scripts/bench-mtls:  cc -shared -fPIC -o wrk_client_cert.so wrk_client_cert.c -ldl -lssl */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>

SSL_CTX *SSL_CTX_new(const SSL_METHOD *method) {
    static SSL_CTX *(*real)(const SSL_METHOD *) = NULL;
    if (real == NULL) real = (SSL_CTX * (*)(const SSL_METHOD *)) dlsym(RTLD_NEXT, "SSL_CTX_new");
    SSL_CTX *ctx = real(method);
    const char *cert = getenv("BENCH_CLIENT_CERT");
    const char *key = getenv("BENCH_CLIENT_KEY");
    if (ctx != NULL && cert != NULL && key != NULL) {
        if (SSL_CTX_use_certificate_file(ctx, cert, SSL_FILETYPE_PEM) != 1 ||
            SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
            fprintf(stderr, "wrk_client_cert: cannot load %s / %s\n", cert, key);
            abort();
        }
    }
    return ctx;
}

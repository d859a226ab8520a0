#include "CTesseraOpenSSL.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

/* The key sealing new tickets is replaced every `period` seconds; the one before it still opens
   tickets for one more period, so a ticket lives at most two periods and a stolen key opens at
   most that much traffic. Rotation happens lazily inside the callback, under a mutex held for a
   few hundred nanoseconds per handshake, so no timer thread is needed. One ring is shared by every
   context a reload builds, so tickets survive SIGHUP. */
typedef struct {
    unsigned char name[16];
    unsigned char aes[32];
    unsigned char hmac[32];
    int valid;
} ticket_key;

struct tessera_ticket_keys {
    pthread_mutex_t lock;
    ticket_key current, previous;
    int64_t rotated_at;
    int64_t period;
};

static int fill(ticket_key *key) {
    key->valid = RAND_bytes(key->name, sizeof key->name) == 1 && RAND_bytes(key->aes, sizeof key->aes) == 1
                 && RAND_bytes(key->hmac, sizeof key->hmac) == 1;
    return key->valid;
}

static int64_t monotonic_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec;
}

/* The current key becomes the previous one. Caller holds the lock. */
static void rotate_locked(tessera_ticket_keys *keys, int64_t now) {
    keys->previous = keys->current;
    fill(&keys->current);
    keys->rotated_at = now;
}

tessera_ticket_keys *tessera_ticket_keys_new(int64_t period_seconds) {
    tessera_ticket_keys *keys = OPENSSL_zalloc(sizeof *keys);
    if (keys == NULL) return NULL;
    pthread_mutex_init(&keys->lock, NULL);
    keys->period = period_seconds > 0 ? period_seconds : 3600;
    keys->rotated_at = monotonic_seconds();
    if (!fill(&keys->current)) {
        pthread_mutex_destroy(&keys->lock);
        OPENSSL_free(keys);
        return NULL;
    }
    return keys;
}

void tessera_ticket_keys_free(tessera_ticket_keys *keys) {
    if (keys == NULL) return;
    pthread_mutex_destroy(&keys->lock);
    OPENSSL_clear_free(keys, sizeof *keys);
}

void tessera_ticket_keys_rotate(tessera_ticket_keys *keys) {
    pthread_mutex_lock(&keys->lock);
    rotate_locked(keys, monotonic_seconds());
    pthread_mutex_unlock(&keys->lock);
}

static int ticket_callback(SSL *ssl, unsigned char key_name[16], unsigned char *iv, EVP_CIPHER_CTX *cipher,
                           EVP_MAC_CTX *mac, int enc) {
    tessera_ticket_keys *keys = SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl));
    if (keys == NULL) return 0;
    ticket_key key;
    int result = 1;
    pthread_mutex_lock(&keys->lock);
    int64_t now = monotonic_seconds();
    if (now - keys->rotated_at >= 2 * keys->period) {
        rotate_locked(keys, now);
        keys->previous.valid = 0;
    } else if (now - keys->rotated_at >= keys->period) {
        rotate_locked(keys, now);
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
        result = 2; /* opens, and a fresh ticket under the current key is issued */
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

/* Sessions live as long as a ticket key may open them: two rotation periods. */
int tessera_tls_ctx_set_ticket_keys(SSL_CTX *ctx, tessera_ticket_keys *keys) {
    if (SSL_CTX_set_app_data(ctx, keys) != 1) return 0;
    SSL_CTX_set_timeout(ctx, (long)(2 * keys->period));
    return SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, ticket_callback) == 1;
}

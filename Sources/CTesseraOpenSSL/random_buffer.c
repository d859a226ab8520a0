/* Random bytes for values drawn on every request (the jti of each access token): RAND_bytes costs
   about 0.8 us per call however few bytes it gives (the DRBG's lock and generate step), so each
   thread draws 512 bytes at a time and hands them out in order, zeroing what it hands out. The
   bytes are OpenSSL's CSPRNG output all the same. A forked child would share the parent's unused
   bytes; Tessera does not fork. */
#include "CTesseraOpenSSL.h"

#include <openssl/rand.h>
#include <string.h>

#define RANDOM_BUFFER_SIZE 512

static _Thread_local unsigned char buffer[RANDOM_BUFFER_SIZE];
static _Thread_local size_t left; /* unused bytes at the end of buffer */

int tessera_random_bytes(unsigned char *out, size_t count) {
    if (count > RANDOM_BUFFER_SIZE / 4) return RAND_bytes(out, (int)count) == 1;
    if (left < count) {
        if (RAND_bytes(buffer, RANDOM_BUFFER_SIZE) != 1) return 0;
        left = RANDOM_BUFFER_SIZE;
    }
    unsigned char *next = buffer + RANDOM_BUFFER_SIZE - left;
    memcpy(out, next, count);
    memset(next, 0, count);
    left -= count;
    return 1;
}

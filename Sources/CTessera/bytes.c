#include <string.h>
#include "CTessera.h"

unsigned char tessera_b64_standard_values[256];
unsigned char tessera_b64_url_values[256];

/* Runs when the binary loads, before any Swift code: every byte outside an alphabet maps to 0xFF. */
__attribute__((constructor)) static void tessera_b64_fill_tables(void) {
    static const char standard[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    memset(tessera_b64_standard_values, 0xFF, sizeof tessera_b64_standard_values);
    memset(tessera_b64_url_values, 0xFF, sizeof tessera_b64_url_values);
    for (int i = 0; i < 64; i++) {
        tessera_b64_standard_values[(unsigned char)standard[i]] = (unsigned char)i;
        tessera_b64_url_values[(unsigned char)tessera_b64url_alphabet[i]] = (unsigned char)i;
    }
}

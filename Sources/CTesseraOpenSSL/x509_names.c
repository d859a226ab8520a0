#include "CTesseraOpenSSL.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <string.h>
#include <time.h>

int tessera_x509_validity(const X509 *cert, int64_t *not_before, int64_t *not_after) {
    struct tm tm;
    if (ASN1_TIME_to_tm(X509_get0_notBefore(cert), &tm) != 1) return 0;
    *not_before = (int64_t)timegm(&tm);
    if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) != 1) return 0;
    *not_after = (int64_t)timegm(&tm);
    return 1;
}

/* RFC 8705 §2.1 compares subjects as RFC 4514 strings: OpenSSL's RFC 2253 printer, with UTF-8
   kept as is instead of escaped. */
int tessera_x509_subject_dn(X509 *cert, int certificate_order, char *out, int capacity) {
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

int tessera_x509_alt_names(X509 *cert, unsigned char *out, int capacity) {
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

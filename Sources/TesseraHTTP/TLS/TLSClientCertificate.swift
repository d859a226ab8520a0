import COpenSSL
import CTesseraOpenSSL

/// The certificate a client presented, as the request sees it: from its own TLS handshake or,
/// for a connection from `server.trusted_proxies`, from the proxy's RFC 9440 `Client-Cert` header.
///
/// Presence does not mean authenticated. The handshake lets every certificate through (a
/// self-signed one must reach `self_signed_tls_client_auth`); whether it chains to `client_ca`
/// is recorded here, and the client's authentication method decides.
package struct TLSClientCertificate: Sendable, Equatable {
    package enum Source: Sendable, Equatable {
        /// The TLS handshake of this connection.
        case handshake
        /// A trusted proxy's `Client-Cert` header.
        case clientCertHeader
    }

    /// The leaf certificate, DER.
    package var der: [UInt8]
    /// It chains to a CA of `server.tls.client_ca` (X509 verification passed, expiry included).
    package var chainVerified: Bool
    /// OpenSSL's X509 verification result (`X509_V_OK` = 0 when `chainVerified`), e.g. 18
    /// (self-signed), 10 (expired), 20 (unknown issuer).
    package var verifyError: Int32
    /// Validity period, Unix seconds (checked separately for self-signed certificates, whose
    /// chain never verifies).
    package var notBefore: Int64
    package var notAfter: Int64
    package var source: Source

    package init(der: [UInt8], chainVerified: Bool, verifyError: Int32, notBefore: Int64, notAfter: Int64,
                 source: Source) {
        self.der = der
        self.chainVerified = chainVerified
        self.verifyError = verifyError
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.source = source
    }

    /// Reads an OpenSSL `X509 *` and the verification result that goes with it.
    init?(x509 certificate: OpaquePointer, verifyResult: Int, source: Source) {
        let length = i2d_X509(certificate, nil)
        guard length > 0 else { return nil }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
            return i2d_X509(certificate, &cursor)
        }
        guard written == length else { return nil }
        var notBefore: Int64 = 0
        var notAfter: Int64 = 0
        guard tessera_x509_validity(certificate, &notBefore, &notAfter) == 1 else { return nil }
        self.init(der: der, chainVerified: verifyResult == Int(X509_V_OK), verifyError: Int32(truncatingIfNeeded: verifyResult),
                  notBefore: notBefore, notAfter: notAfter, source: source)
    }

    /// Whether `unixSeconds` lies within the validity period.
    package func isValid(at unixSeconds: Int64) -> Bool {
        notBefore <= unixSeconds && unixSeconds <= notAfter
    }

    /// OpenSSL's words for `verifyError` ("self-signed certificate", "certificate has expired").
    package var verifyErrorDescription: String {
        X509_verify_cert_error_string(Int(verifyError)).map { String(cString: $0) } ?? "error \(verifyError)"
    }
}

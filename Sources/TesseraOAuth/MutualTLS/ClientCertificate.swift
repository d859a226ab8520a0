import TesseraJOSE

/// The certificate a request came with, as client authentication (RFC 8705 §2) and certificate
/// binding (§3) see it: the leaf (DER), whether its chain verified against `server.tls.client_ca`,
/// its validity period, and its SHA-256 thumbprint (`x5t#S256`), computed once here.
///
/// Where it came from (the TLS handshake or a trusted proxy's `Client-Cert` header) is the HTTP
/// layer's business; the App module builds this from it.
package struct ClientCertificate: Sendable, Equatable {
    package let der: [UInt8]
    /// It chains to a CA of `server.tls.client_ca` (expiry included, at handshake time).
    package let chainVerified: Bool
    /// Validity period, Unix seconds.
    package let notBefore: Int64
    package let notAfter: Int64
    /// SHA-256 of `der`.
    let thumbprint: Digest32

    package init(der: [UInt8], chainVerified: Bool, notBefore: Int64, notAfter: Int64) {
        self.der = der
        self.chainVerified = chainVerified
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.thumbprint = TokenDigest.of(der)
    }

    /// Whether `unixSeconds` lies within the validity period.
    package func isValid(at unixSeconds: Int64) -> Bool {
        notBefore <= unixSeconds && unixSeconds <= notAfter
    }

    /// The `x5t#S256` confirmation (RFC 8705 §3.1): base64url SHA-256 of the DER, no padding.
    package var thumbprintBase64URL: String {
        Self.base64URL(thumbprint)
    }

    static func base64URL(_ digest: Digest32) -> String {
        var copy = digest
        return withUnsafeBytes(of: &copy) { Base64URL.encode($0) }
    }

    /// The thumbprint of a DER certificate as `tessera client add --self-signed-cert` stores it.
    package static func thumbprint(of der: [UInt8]) -> String {
        base64URL(TokenDigest.of(der))
    }
}

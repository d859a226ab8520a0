import TesseraJOSE

/// The names in a certificate that `tls_client_auth` (RFC 8705 §2.1.2) matches a client by, read
/// through JOSE's `X509Names`: the subject as an RFC 4514 string (attribute types upper-cased:
/// `MutualTLSPolicy.canonicalDN`) and the DNS and URI subject alternative names, as bytes.
package struct CertificateIdentity: Sendable, Equatable {
    /// RFC 4514 order: the most significant RDN last (`CN=svc,O=Example` for `/O=Example/CN=svc`).
    package var subjectDN: String
    /// The same RDNs in the order the certificate holds them (`CN=svc,O=Example` for
    /// `/CN=svc/O=Example`): many tools print subjects this way, so a configured DN may be either.
    package var subjectDNCertificateOrder: String
    package var dnsNames: [[UInt8]]
    package var uris: [[UInt8]]

    package init(subjectDN: String, subjectDNCertificateOrder: String, dnsNames: [[UInt8]], uris: [[UInt8]]) {
        self.subjectDN = subjectDN
        self.subjectDNCertificateOrder = subjectDNCertificateOrder
        self.dnsNames = dnsNames
        self.uris = uris
    }

    /// Reads a DER certificate (`X509Names`); nil when OpenSSL cannot parse it. Subjects are
    /// canonicalised as configured ones are (`MutualTLSPolicy.canonicalDN`).
    package static func parse(der: [UInt8]) -> CertificateIdentity? {
        guard let names = X509Names.parse(der: der) else { return nil }
        return CertificateIdentity(
            subjectDN: MutualTLSPolicy.canonicalDN(names.subject),
            subjectDNCertificateOrder: MutualTLSPolicy.canonicalDN(names.subjectCertificateOrder),
            dnsNames: names.dnsNames, uris: names.uris)
    }
}

import COpenSSL

/// The names in a certificate that `tls_client_auth` (RFC 8705 §2.1.2) matches a client by, read
/// through OpenSSL: the subject as an RFC 4514 string (attribute types upper-cased:
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

    /// Reads a DER certificate; nil when OpenSSL cannot parse it.
    package static func parse(der: [UInt8]) -> CertificateIdentity? {
        guard let certificate = der.withUnsafeBufferPointer({ buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }) else { return nil }
        defer { X509_free(certificate) }
        guard let forward = subject(certificate, certificateOrder: false),
            let certificateOrder = subject(certificate, certificateOrder: true)
        else { return nil }
        var identity = CertificateIdentity(subjectDN: forward, subjectDNCertificateOrder: certificateOrder, dnsNames: [], uris: [])
        var names = [UInt8](repeating: 0, count: 8192)
        let written = names.withUnsafeMutableBufferPointer {
            tessera_x509_alt_names(certificate, $0.baseAddress, Int32($0.count))
        }
        guard written >= 0 else { return nil }
        var index = 0
        while index + 3 <= Int(written) {
            let length = Int(names[index + 1]) << 8 | Int(names[index + 2])
            let value = Array(names[(index + 3)..<(index + 3 + length)])
            if names[index] == 2 { identity.dnsNames.append(value) } else { identity.uris.append(value) }
            index += 3 + length
        }
        return identity
    }

    private static func subject(_ certificate: OpaquePointer, certificateOrder: Bool) -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let length = buffer.withUnsafeMutableBufferPointer {
            $0.baseAddress!.withMemoryRebound(to: CChar.self, capacity: $0.count) {
                tessera_x509_subject_dn(certificate, certificateOrder ? 1 : 0, $0, 4096)
            }
        }
        guard length >= 0 else { return nil }
        return MutualTLSPolicy.canonicalDN(String(decoding: buffer[0..<Int(length)], as: UTF8.self))
    }
}

import COpenSSL
import CTesseraOpenSSL

/// The names of a DER certificate, read through OpenSSL: the subject as RFC 4514 text in both RDN
/// orders, and the DNS and URI subject alternative names as bytes. What they are matched against
/// (`tls_client_auth`) is OAuth's business (`CertificateIdentity`).
package struct X509Names: Sendable, Equatable {
    /// RFC 4514 order: the most significant RDN last (`CN=svc,O=Example` for `/O=Example/CN=svc`).
    package var subject: String
    /// The same RDNs in the order the certificate holds them.
    package var subjectCertificateOrder: String
    package var dnsNames: [[UInt8]]
    package var uris: [[UInt8]]

    /// Reads a DER certificate; nil when OpenSSL cannot parse it.
    package static func parse(der: [UInt8]) -> X509Names? {
        guard let certificate = der.withUnsafeBufferPointer({ buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }) else { return nil }
        defer { X509_free(certificate) }
        guard let forward = subject(certificate, certificateOrder: false),
            let certificateOrder = subject(certificate, certificateOrder: true)
        else { return nil }
        var names = X509Names(subject: forward, subjectCertificateOrder: certificateOrder, dnsNames: [], uris: [])
        var buffer = [UInt8](repeating: 0, count: 8192)
        let written = buffer.withUnsafeMutableBufferPointer {
            tessera_x509_alt_names(certificate, $0.baseAddress, Int32($0.count))
        }
        guard written >= 0 else { return nil }
        var index = 0
        while index + 3 <= Int(written) {
            let length = Int(buffer[index + 1]) << 8 | Int(buffer[index + 2])
            let value = Array(buffer[(index + 3)..<(index + 3 + length)])
            if buffer[index] == 2 { names.dnsNames.append(value) } else { names.uris.append(value) }
            index += 3 + length
        }
        return names
    }

    private static func subject(_ certificate: OpaquePointer, certificateOrder: Bool) -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let length = buffer.withUnsafeMutableBufferPointer {
            $0.baseAddress!.withMemoryRebound(to: CChar.self, capacity: $0.count) {
                tessera_x509_subject_dn(certificate, certificateOrder ? 1 : 0, $0, 4096)
            }
        }
        guard length >= 0 else { return nil }
        return String(decoding: buffer[0..<Int(length)], as: UTF8.self)
    }
}

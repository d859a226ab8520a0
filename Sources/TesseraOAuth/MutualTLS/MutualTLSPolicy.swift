import TesseraJOSE

/// How a client authenticates with a certificate (RFC 8705 §2), from its configuration:
///
/// - `tls_client_auth` (§2.1): the certificate chains to `server.tls.client_ca`, is within its
///   validity period, and its subject DN or one of its DNS / URI subject alternative names equals
///   the registered one, byte for byte. The subject is compared as OpenSSL prints it per RFC 4514
///   (`CN=svc,O=Example` for `/O=Example/CN=svc`), or with the RDNs in the certificate's own order;
/// - `self_signed_tls_client_auth` (§2.2): the certificate's SHA-256 thumbprint is one of those
///   registered and it is within its validity period (its chain is not looked at).
///
/// A client may have both, and a secret or keys besides: whatever it has configured is accepted.
package struct MutualTLSPolicy: Sendable, Equatable {
    /// The one name `tls_client_auth` matches (RFC 8705 §2.1.2 allows one per client).
    package enum Subject: Sendable, Equatable {
        case distinguishedName(String)
        case dnsName(String)
        case uri(String)
    }

    package let subject: Subject?
    /// SHA-256 thumbprints of the registered self-signed certificates.
    let selfSigned: [Digest32]

    /// - Throws: a message naming the first thumbprint that is not base64url of 32 bytes.
    package init(subject: Subject?, selfSignedCertificates: [String]) throws(MutualTLSPolicyError) {
        if case .distinguishedName(let dn) = subject {
            self.subject = .distinguishedName(Self.withoutSeparatorSpaces(dn))
        } else {
            self.subject = subject
        }
        var digests: [Digest32] = []
        for thumbprint in selfSignedCertificates {
            guard let bytes = Base64URL.decode(thumbprint), bytes.count == 32 else {
                throw MutualTLSPolicyError(
                    description: "\"\(thumbprint)\" is not a base64url SHA-256 certificate thumbprint (43 characters)")
            }
            digests.append(Digest32(bytes))
        }
        self.selfSigned = digests
    }

    /// Nil when the client has neither method.
    package static func make(subject: Subject?, selfSignedCertificates: [String]) throws(MutualTLSPolicyError) -> MutualTLSPolicy? {
        guard subject != nil || !selfSignedCertificates.isEmpty else { return nil }
        return try MutualTLSPolicy(subject: subject, selfSignedCertificates: selfSignedCertificates)
    }

    /// Whether `certificate` authenticates the client at `now` (unix seconds). `identity` reads the
    /// certificate's names; it is asked only when a `tls_client_auth` subject is registered.
    func authenticates(_ certificate: ClientCertificate, now: Int64, identity: (ClientCertificate) -> CertificateIdentity?) -> Bool {
        guard certificate.isValid(at: now) else { return false }
        for registered in selfSigned where registered == certificate.thumbprint { return true }
        guard let subject, certificate.chainVerified, let names = identity(certificate) else { return false }
        switch subject {
        case .distinguishedName(let dn):
            return dn.utf8.elementsEqual(names.subjectDN.utf8) || dn.utf8.elementsEqual(names.subjectDNCertificateOrder.utf8)
        case .dnsName(let name):
            return names.dnsNames.contains { $0.elementsEqual(name.utf8) }
        case .uri(let uri):
            return names.uris.contains { $0.elementsEqual(uri.utf8) }
        }
    }
}

extension MutualTLSPolicy {
    /// A registered DN without the spaces people put around `,`, `+` and `=`
    /// (`CN=svc, O=Example`): OpenSSL's RFC 4514 form has none there, and RFC 4514 escapes a
    /// space that belongs to a value (`\ `), so such a space is never part of a name.
    static func withoutSeparatorSpaces(_ dn: String) -> String {
        let bytes = Array(dn.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        var escapedEnd = 0  // out[..<escapedEnd] ends with an escaped character: keep its spaces
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                out.append(byte)
                out.append(bytes[index + 1])
                escapedEnd = out.count
                index += 2
                continue
            }
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "=") {
                while out.count > escapedEnd, out.last == UInt8(ascii: " ") { out.removeLast() }
                out.append(byte)
                index += 1
                while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
                continue
            }
            out.append(byte)
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

package struct MutualTLSPolicyError: Error, Sendable, CustomStringConvertible {
    package let description: String
}

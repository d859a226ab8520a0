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
            self.subject = .distinguishedName(Self.canonicalDN(dn))
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
    /// A DN in one spelling: attribute types in upper case (RFC 4514 §3: they are case-insensitive)
    /// and no spaces around the `,` and `+` between RDNs or the `=` after a type, which OpenSSL
    /// never prints and RFC 4514 escapes when they belong to a value (`\ `). Values are kept
    /// byte for byte. Applied to the registered DN and to the certificate's, so `cn=svc, o=Example`
    /// and `CN = svc, O = Example` (OpenSSL's default `-subject` output) match `CN=svc,O=Example`.
    static func canonicalDN(_ dn: String) -> String {
        let bytes = Array(dn.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var inType = true
        var keep = 0  // out[..<keep] ends with an escaped character: its trailing space stays
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if inType {
                if byte == UInt8(ascii: "=") {
                    out.append(byte)
                    inType = false
                    index += 1
                    while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
                    keep = out.count
                    continue
                }
                if byte != UInt8(ascii: " ") {
                    out.append((UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte)
                }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                out.append(byte)
                out.append(bytes[index + 1])
                keep = out.count
                index += 2
                continue
            }
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "+") {
                while out.count > keep, out.last == UInt8(ascii: " ") { out.removeLast() }
                out.append(byte)
                inType = true
                index += 1
                while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
                continue
            }
            out.append(byte)
            index += 1
        }
        while out.count > keep, out.last == UInt8(ascii: " ") { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }
}

package struct MutualTLSPolicyError: Error, Sendable, CustomStringConvertible {
    package let description: String
}

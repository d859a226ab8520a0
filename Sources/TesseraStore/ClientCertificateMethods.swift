/// How a stored client authenticates with a certificate (RFC 8705 §2): `tls_client_auth` by one
/// name (subject DN, SAN DNS or SAN URI) and/or `self_signed_tls_client_auth` by thumbprints
/// (base64url SHA-256 of the DER). Plain data; the OAuth module decides what matches.
package struct ClientCertificateMethods: Sendable, Equatable {
    package var subjectDN: String?
    package var sanDNS: String?
    package var sanURI: String?
    package var selfSignedCertificates: [String]

    package init(subjectDN: String? = nil, sanDNS: String? = nil, sanURI: String? = nil, selfSignedCertificates: [String] = []) {
        self.subjectDN = subjectDN
        self.sanDNS = sanDNS
        self.sanURI = sanURI
        self.selfSignedCertificates = selfSignedCertificates
    }

    package var isEmpty: Bool { subjectDN == nil && sanDNS == nil && sanURI == nil && selfSignedCertificates.isEmpty }

    /// One field for the Redis client cache: the four parts joined by U+001D, the thumbprints by
    /// U+001E; an absent name is empty (a name is never empty).
    package var encoded: String {
        [subjectDN ?? "", sanDNS ?? "", sanURI ?? "", selfSignedCertificates.joined(separator: "\u{1E}")]
            .joined(separator: "\u{1D}")
    }

    /// nil for a field this version cannot read.
    package init?(encoded field: Substring) {
        if field.isEmpty {
            self.init()
            return
        }
        let parts = field.split(separator: "\u{1D}", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        func name(_ part: Substring) -> String? { part.isEmpty ? nil : String(part) }
        self.init(
            subjectDN: name(parts[0]), sanDNS: name(parts[1]), sanURI: name(parts[2]),
            selfSignedCertificates: parts[3].split(separator: "\u{1E}").map(String.init))
    }
}

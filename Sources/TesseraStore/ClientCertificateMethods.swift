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
}

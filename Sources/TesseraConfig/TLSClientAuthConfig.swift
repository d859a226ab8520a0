import TesseraCore

/// `clients[].tls_client_auth` (RFC 8705 §2.1): the one certificate name a client is matched by.
package struct TLSClientAuthConfig: Sendable, Equatable {
    package enum Name: String, Sendable, CaseIterable {
        /// The subject distinguished name, RFC 4514 string form (`CN=svc,O=Example`).
        case subjectDN = "subject_dn"
        /// A DNS subject alternative name.
        case sanDNS = "san_dns"
        /// A URI subject alternative name.
        case sanURI = "san_uri"
    }

    package var name: Name
    package var value: String

    package init(name: Name, value: String) {
        self.name = name
        self.value = value
    }

    /// Decodes `clients[i].tls_client_auth`: exactly one of its keys, a non-empty string.
    init(_ section: ConfigSection) throws(ConfigError) {
        let present = Name.allCases.filter { section.has($0.rawValue) }
        guard present.count == 1, let name = present.first else {
            throw section.reader.error(section.path, "needs exactly one of subject_dn, san_dns, san_uri")
        }
        let value = try section.string(name.rawValue, default: "")
        guard !value.isEmpty else { throw section.error(name.rawValue, "must not be empty") }
        if let problem = IdentityText.problem(value, what: "a certificate name") { throw section.error(name.rawValue, problem) }
        self.init(name: name, value: value)
    }
}

extension StaticClientConfig {
    static let keys = ["id", "secret_hash", "scopes", "audiences", "introspect"]

    /// One `clients[i]` entry. `defaultAudience` is `tokens.default_audience`: when it is
    /// empty, every client must name at least one audience of its own.
    init(_ section: ConfigSection, defaultAudience: [String]) throws(ConfigError) {
        guard section.has("id") else { throw section.error("id", "is required") }
        let id = try section.string("id", default: "")
        guard !id.isEmpty else { throw section.error("id", "must not be empty") }
        // RFC 6749 Appendix A: client-id = *VSCHAR (%x20-7E)
        guard id.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw section.error("id", "must be printable ASCII")
        }
        guard section.has("secret_hash") else {
            throw section.error("secret_hash", "is required (the output of `tessera secret hash`)")
        }
        let secretHash = try section.string("secret_hash", default: "")
        guard secretHash.hasPrefix("$") else {
            throw section.error("secret_hash", "must be a PHC string starting with `$` (the output of `tessera secret hash`)")
        }
        let scopes = try section.stringList("scopes", default: [])
        for (index, scope) in scopes.enumerated() where !Self.isScopeToken(scope) {
            throw section.reader.error(
                "\(section.path("scopes"))[\(index)]",
                "is not a valid scope: one word of printable ASCII without spaces, '\"' or '\\'"
            )
        }
        let audiences = try section.stringList("audiences", default: [])
        for (index, audience) in audiences.enumerated() where audience.isEmpty {
            throw section.reader.error("\(section.path("audiences"))[\(index)]", "must not be empty")
        }
        // tokens.default_audience only narrows a client's own audiences: a client without any
        // could never be granted one.
        if audiences.isEmpty {
            throw section.error("audiences", "client \"\(id)\" has no audience (tokens.default_audience only applies to audiences a client holds)")
        }
        self.init(
            id: id,
            secretHash: secretHash,
            scopes: scopes,
            audiences: audiences,
            introspect: try section.bool("introspect", default: false)
        )
    }

    /// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    static func isScopeToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 == 0x21 || (0x23...0x5B).contains($0) || (0x5D...0x7E).contains($0) }
    }
}

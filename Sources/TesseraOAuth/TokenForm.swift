/// The parameters of a token request body that Tessera reads, collected in one pass over the form.
struct TokenForm {
    var grantType: String?
    var scope: [String]?
    var clientID: String?
    var clientSecret: [UInt8]?
    /// `audience` and `resource` values, sorted and without repeats.
    var audiences: [String] = []

    private enum Name {
        static let grantType: [UInt8] = Array("grant_type".utf8)
        static let scope: [UInt8] = Array("scope".utf8)
        static let clientID: [UInt8] = Array("client_id".utf8)
        static let clientSecret: [UInt8] = Array("client_secret".utf8)
        static let audience: [UInt8] = Array("audience".utf8)
        static let resource: [UInt8] = Array("resource".utf8)
    }

    init(body: UnsafeRawBufferPointer) throws(OAuthError) {
        var seenScope = false
        try FormDecoder.forEachParameter(in: body) { (name, value) throws(OAuthError) in
            // RFC 6749 §3.2: a parameter sent without a value is treated as omitted.
            guard !value.isEmpty else { return }
            if Self.equals(name, Name.grantType) {
                guard grantType == nil else { throw OAuthError.invalidRequest("grant_type is repeated") }
                grantType = String(decoding: value, as: UTF8.self)
            } else if Self.equals(name, Name.scope) {
                guard !seenScope else { throw OAuthError.invalidRequest("scope is repeated") }
                seenScope = true
                let tokens = try ScopeParser.parse(value)
                scope = tokens.isEmpty ? nil : tokens
            } else if Self.equals(name, Name.clientID) {
                guard clientID == nil else { throw OAuthError.invalidRequest("client_id is repeated") }
                clientID = String(decoding: value, as: UTF8.self)
            } else if Self.equals(name, Name.clientSecret) {
                guard clientSecret == nil else { throw OAuthError.invalidRequest("client_secret is repeated") }
                clientSecret = Array(value)
            } else if Self.equals(name, Name.audience) || Self.equals(name, Name.resource) {
                audiences.append(String(decoding: value, as: UTF8.self))
            }
        }
        if audiences.count > 1 {
            audiences.sort()
            var unique: [String] = []
            unique.reserveCapacity(audiences.count)
            for audience in audiences where unique.last != audience { unique.append(audience) }
            audiences = unique
        }
    }

    @inline(__always)
    private static func equals(_ bytes: UnsafeRawBufferPointer, _ literal: [UInt8]) -> Bool {
        guard bytes.count == literal.count else { return false }
        for index in 0..<literal.count where bytes[index] != literal[index] { return false }
        return true
    }
}
